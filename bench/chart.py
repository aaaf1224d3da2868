"""docs/benchmarks.png: latencies, join time and CPU per scenario, one bar per server."""
from __future__ import annotations

from pathlib import Path

COLORS = {"quizroom-gevent": "#1f77b4", "quizroom-eventlet": "#6baed6",
          "flask-gevent": "#ff7f0e", "flask-eventlet": "#fdae6b", "node": "#2ca02c"}


def draw(data: dict, out: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")  # no display on a server
    import matplotlib.pyplot as plt

    scenarios = data["scenarios"]
    servers = [s for s in COLORS if any(s in data["results"].get(sc["name"], {})
                                        for sc in scenarios)]
    metrics = [("fanout_p99", "fan-out p99 (host action -> question:start), ms"),
               ("ack_p99", "answer ack p99 (emit -> ack), ms"),
               ("join_ms", "join of all players, ms"),
               ("cpu_us_per_msg", "server CPU per delivered message, µs (least noisy figure)")]
    fig, axes = plt.subplots(len(metrics), 1, figsize=(11, 12), sharex=True)
    width = 0.8 / max(len(servers), 1)
    for ax, (key, label) in zip(axes, metrics):
        values = [e[key] for sc in scenarios for e in data["results"].get(sc["name"], {}).values()
                  if e["ok"] and e.get(key)]
        floor = max(0.5, min(values, default=1) / 3)
        for i, server in enumerate(servers):
            xs, ys, failed = [], [], []
            for x, sc in enumerate(scenarios):
                entry = data["results"].get(sc["name"], {}).get(server)
                if entry is None:
                    continue
                pos = x - 0.4 + width * (i + 0.5)
                if entry["ok"] and entry.get(key) is not None:
                    xs.append(pos)
                    ys.append(max(entry[key], floor))
                else:
                    failed.append(pos)
            ax.bar(xs, ys, width, color=COLORS[server], label=server)
            for pos in failed:
                ax.text(pos, floor * 1.1, "failed", rotation=90, ha="center", va="bottom",
                        fontsize=7, color="#d62728")
        ax.set_yscale("log")
        ax.set_ylim(bottom=floor)
        ax.set_ylabel("log scale")
        ax.set_title(label, fontsize=10)
        ax.grid(axis="y", alpha=0.3)
    axes[-1].set_xticks(range(len(scenarios)))
    axes[-1].set_xticklabels([sc["title"] for sc in scenarios], fontsize=8)
    axes[0].legend(ncol=len(servers), fontsize=8, loc="upper left")
    meta = data["meta"]
    fig.suptitle(f"QuizRoom vs reference servers, {meta['date'][:10]}, {meta['nproc']} cores, "
                 f"medians of {meta['reps']} run(s)", fontsize=11)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)
