"""kzseries: rebuild Kazakhstan's headline economic series and check official claims.

The notebooks in ``notebooks/`` tell the story; this package holds the logic they
call, so it can be tested: loading and validating ``data/raw/``, period and unit
handling, the claim-checking contract, figures, and the notebook runner.
"""

__version__ = "0.1.0"
