"""The pages of the series notebooks: each module declares its claims by name and builds what its notebook shows
from the selection rules (``kzseries.<series>``) and the engine's verdicts. Rules never import a page."""
