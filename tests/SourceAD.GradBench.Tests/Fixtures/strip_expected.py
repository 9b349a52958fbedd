# As strip.py, for evals whose golden outputs are the eval's own constants (particle, saddle: `manual` implements
# neither): each evaluate response is replaced by what the eval's expect() returns for that message, so a replay checks
# the tool against the eval, not against the session that was recorded. Usage: strip_expected.py EVAL SRC DST
import gzip, importlib, json, sys
ev, src, dst = sys.argv[1], sys.argv[2], sys.argv[3]
expect = importlib.import_module(f"gradbench.evals.{ev}.run").expect
out, pending = [], None
for line in open(src):
    entry = json.loads(line)
    if "response" in entry:
        response = entry["response"]
        response.pop("timings", None)
        if pending is not None and pending.get("kind") == "evaluate":
            golden = expect(pending["function"], pending["input"])
            response = {"id": response["id"], **golden}
        out.append({"response": response})
    else:
        pending = entry["message"]
        out.append({"message": pending})
with gzip.GzipFile(dst, "wb", mtime=0) as f:
    f.write(("\n".join(json.dumps(o, separators=(",", ":")) for o in out) + "\n").encode())
