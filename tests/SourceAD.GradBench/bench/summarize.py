# Summarizes relay.py logs <eval>.<tool>.jsonl (tool: sourcead, manual) into the README's table: VALID counts, the
# derivative/objective ratio of each tool at the largest workload both ran, and SourceAD's derivative time ÷ manual's.
# Times are medians of the "evaluate" timings. Usage: summarize.py LOG_DIR
import collections, glob, json, os, statistics, sys

def load(path):
    runs, valid, total = collections.OrderedDict(), 0, 0
    pending = {}
    for line in open(path):
        entry = json.loads(line)
        if "message" in entry:
            m = entry["message"]
            if m["kind"] == "evaluate":
                pending[m["id"]] = (m["function"], m.get("description", ""))
            elif m["kind"] == "analysis":
                total += 1
                valid += bool(m["valid"])
        else:
            r = entry["response"]
            if r.get("id") in pending and r.get("success"):
                fn, desc = pending.pop(r["id"])
                ts = [t["nanoseconds"] for t in r.get("timings", []) if t["name"] == "evaluate"]
                if ts:
                    runs.setdefault(desc, {})[fn] = statistics.median(ts)
    return runs, valid, total

d = sys.argv[1]
evals = sorted({os.path.basename(p).split(".")[0] for p in glob.glob(os.path.join(d, "*.jsonl"))})
print("| eval | largest workload | VALID SourceAD | VALID manual | SourceAD deriv/obj | manual deriv/obj | SourceAD ÷ manual (derivative) | SourceAD ÷ manual (objective) |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
for e in evals:
    paths = {t: os.path.join(d, f"{e}.{t}.jsonl") for t in ("sourcead", "manual")}
    if not os.path.exists(paths["sourcead"]):
        continue
    if not os.path.exists(paths["manual"]):
        # particle and saddle: manual implements neither; the evals check their own expected outputs. Report each
        # function's median at the (single) workload.
        s_runs, s_valid, s_total = load(paths["sourcead"])
        times = "; ".join(f"{fn} {t / 1e6:.1f} ms" for k in s_runs for fn, t in s_runs[k].items())
        print(f"| {e} | {times} | {s_valid}/{s_total} | not implemented | | | | |")
        continue
    (s_runs, s_valid, s_total), (m_runs, m_valid, m_total) = load(paths["sourcead"]), load(paths["manual"])
    common = [k for k in s_runs if k in m_runs and len(s_runs[k]) == 2 and len(m_runs[k]) == 2]
    if not common:
        print(f"| {e} | – | {s_valid}/{s_total} | {m_valid}/{m_total} | | | | |")
        continue
    k = common[-1]
    obj, der = list(s_runs[k])  # the eval sends the objective first, then the derivative
    sr, mr = s_runs[k][der] / s_runs[k][obj], m_runs[k][der] / m_runs[k][obj]
    print(f"| {e} | {k} | {s_valid}/{s_total} | {m_valid}/{m_total} | {sr:.2f} | {mr:.2f} | "
          f"{s_runs[k][der] / m_runs[k][der]:.2f} | {s_runs[k][obj] / m_runs[k][obj]:.2f} |")
