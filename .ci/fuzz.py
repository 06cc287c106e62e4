"""The schemathesis command line, with one of its own errors worked around.

Schemathesis 4.32 reads every string of a successful JSON answer that starts with http:// or
https:// as a URL to learn links from, with urllib's urlsplit, which raises on text such as
"http://[" (an unclosed IPv6 bracket). A name or description the fuzzer wrote and the register
stored and echoes is such text, and the whole run then stops with "Invalid IPv6 URL" instead
of reporting anything. A string that is not a URL simply teaches no link.
"""

import sys

import schemathesis.engine.observations as observations
from schemathesis.cli import schemathesis

_same_origin_path = getattr(observations, "_same_origin_path", None)

if _same_origin_path is not None:

    def _tolerant(value, origin):
        try:
            return _same_origin_path(value, origin)
        except ValueError:
            return None

    observations._same_origin_path = _tolerant

if __name__ == "__main__":
    sys.exit(schemathesis())
