# Keeps what a replay needs from a relay.py log: each message, and each response without its timings; gzipped.
import gzip, json, sys
src, dst = sys.argv[1], sys.argv[2]
out = []
for line in open(src):
    entry = json.loads(line)
    if "response" in entry:
        entry["response"].pop("timings", None)
        out.append({"response": entry["response"]})
    else:
        out.append({"message": entry["message"]})
with gzip.GzipFile(dst, "wb", mtime=0) as f:
    f.write(("\n".join(json.dumps(o, separators=(",", ":")) for o in out) + "\n").encode())
