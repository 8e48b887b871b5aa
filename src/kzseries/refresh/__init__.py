"""Refresh the international series from their publishers (World Bank WDI, IMF WEO, FAOSTAT).

``python -m kzseries.refresh --help``; the README section "Refreshing the data" explains it. New data are
new rows of new sources (:mod:`kzseries.vintages`), validated before anything is written.
"""
