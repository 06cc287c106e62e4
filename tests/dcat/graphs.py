"""Graph checks for the DCAT round-trip test (tests/tests/dcat_roundtrip.rs), with rdflib and
pySHACL (both installed by `.ci/run` with pySHACL).

    graphs.py validate EXPORT FORMAT SHAPES_DIR
        Every shape file of SHAPES_DIR; prints {"violations": [...], "warnings": [...]} as
        JSON, each "shape file | focus node | path | message".
    graphs.py contains SOURCE EXPORT FORMAT
        The source's descriptions of services, datasets, distributions and contact points that
        the export lacks (blank nodes, contact points and the register's names for them
        compared as "_");
        prints a JSON list of N-Triples lines.
    graphs.py isomorphic A B FORMAT
        Whether two exports are the same graph once the register's own statements (the
        catalogue's description, dct:modified and dct:issued) are taken out; prints
        {"same": bool, "only_a": [...], "only_b": [...]}.
"""

import glob
import json
import os
import re
import sys

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import graph_diff, to_isomorphic
from rdflib.namespace import DCAT, DCTERMS, RDF, SH

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
FORMATS = {"turtle": "turtle", "rdfxml": "xml", "jsonld": "json-ld"}
# The register names a blank node of a kept dataset `<dataset>#n<16 hex digits>`, and a
# contact point `<service>#contact`.
OWN_NAME = re.compile(r"(#n[0-9a-f]{16}|[#-]contact)$")


def load(path, fmt):
    g = Graph()
    g.parse(path, format=FORMATS.get(fmt, fmt))
    return g


def validate(export, fmt, shapes_dir):
    """Each shape file on its own, as the SEMIC validator applies them: a shape named in two
    files would otherwise take the severities of both."""
    import pyshacl

    data = load(export, fmt)
    out = {"violations": [], "warnings": []}
    for f in sorted(glob.glob(os.path.join(shapes_dir, "*.ttl"))):
        shapes = Graph()
        shapes.parse(f, format="turtle")
        if (None, RDF.type, SH.NodeShape) not in shapes:
            continue
        _, report, _ = pyshacl.validate(
            data, shacl_graph=shapes, inference="none", allow_warnings=True
        )
        # The results of the report itself; the details of a failed sh:node are under them.
        for r in report.objects(None, SH.result):
            severity = report.value(r, SH.resultSeverity)
            line = " | ".join(
                [os.path.basename(f)]
                + [str(report.value(r, p)) for p in (SH.focusNode, SH.resultPath, SH.resultMessage)]
            )
            out["violations" if severity == SH.Violation else "warnings"].append(line)
    out["violations"] = sorted(set(out["violations"]))
    out["warnings"] = sorted(set(out["warnings"]))
    return out


def anonymous(t, renamed=frozenset()):
    if (
        isinstance(t, BNode)
        or t in renamed
        or (isinstance(t, URIRef) and OWN_NAME.search(str(t)))
    ):
        return "_"
    return t.n3()


def contains(source, export, fmt):
    src = load(source, "turtle")
    exp = load(export, fmt)
    described = set()
    for cls in (DCAT.DataService, DCAT.Dataset, DCAT.Distribution):
        described |= set(src.subjects(RDF.type, cls))
    # The register names each contact point after its service (`<service>#contact`).
    contacts = frozenset(src.objects(None, DCAT.contactPoint))
    described |= contacts
    # What hangs from them as blank nodes (contact points, periods of time, …).
    todo = list(described)
    while todo:
        s = todo.pop()
        for o in src.objects(s, None):
            if isinstance(o, BNode) and o not in described:
                described.add(o)
                todo.append(o)
    have = {tuple(anonymous(x) for x in t) for t in exp}
    missing = []
    for t in src:
        if t[0] in described and tuple(anonymous(x, contacts) for x in t) not in have:
            missing.append(" ".join(x.n3() for x in t) + " .")
    return sorted(missing)


def without_own(g):
    out = Graph()
    catalogues = set(g.subjects(RDF.type, DCAT.Catalog))
    for s, p, o in g:
        if s in catalogues or p in (DCTERMS.modified, DCTERMS.issued):
            continue
        out.add((s, p, o))
    return out


def isomorphic(a, b, fmt):
    ga, gb = to_isomorphic(without_own(load(a, fmt))), to_isomorphic(without_own(load(b, fmt)))
    _, only_a, only_b = graph_diff(ga, gb)
    lines = lambda g: sorted(" ".join(x.n3() for x in t) + " ." for t in g)
    return {"same": ga == gb, "only_a": lines(only_a), "only_b": lines(only_b)}


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    result = {"validate": validate, "contains": contains, "isomorphic": isomorphic}[mode](*args)
    print(json.dumps(result, ensure_ascii=False, indent=1))
