"""The eval scores as a text table (for people) or JSON (for machines)."""

from __future__ import annotations

from pipeline.evaluation.scoring import Scores


def render_table(scores: Scores, title: str) -> str:
    data = scores.as_dict()
    lines = [title, "", f"{'type':<8} {'strict P':>8} {'R':>6} {'F1':>6}   {'relaxed P':>9} {'R':>6} {'F1':>6}   {'gold':>5} {'pred':>5}"]

    def row(name: str, s: dict, r: dict) -> str:
        gold = r["tp"] + r["fn"]
        pred = r["tp"] + r["fp"]
        return (f"{name:<8} {s['precision']:>8.3f} {s['recall']:>6.3f} {s['f1']:>6.3f}   "
                f"{r['precision']:>9.3f} {r['recall']:>6.3f} {r['f1']:>6.3f}   {gold:>5} {pred:>5}")

    for type_, pair in data["mentions"].items():
        lines.append(row(type_, pair["strict"], pair["relaxed"]))
    lines.append(row("ALL", data["all"]["strict"], data["all"]["relaxed"]))
    if data["accuracy"]:
        lines += ["", f"{'accuracy (over relaxed matches)':<34} {'correct':>7} {'total':>6} {'acc':>6}"]
        for name, acc in data["accuracy"].items():
            lines.append(f"{name:<34} {acc['correct']:>7} {acc['total']:>6} {acc['accuracy']:>6.3f}")
    extra = [("officials", data["officials"]), ("events", data["events"]),
             *((f"  {type_}", v) for type_, v in data["events_by_type"].items()), ("event args", data["event_arguments"])]
    if any(v["tp"] + v["fp"] + v["fn"] for _, v in extra):
        lines += ["", f"{'':<12} {'P':>6} {'R':>6} {'F1':>6}   {'tp':>4} {'fp':>4} {'fn':>4}"]
        for name, v in extra:
            lines.append(f"{name:<12} {v['precision']:>6.3f} {v['recall']:>6.3f} {v['f1']:>6.3f}   {v['tp']:>4} {v['fp']:>4} {v['fn']:>4}")
    if "attributions" in data:
        lines += ["", *attribution_lines(data["attributions"])]
    return "\n".join(lines)


def attribution_lines(data: dict) -> list[str]:
    """The attribution scores (docs/evaluation.md, "Attributions"): cues, speech cues, source, content."""
    lines = [f"{'attributions':<20} {'P':>6} {'R':>6} {'F1':>6}   {'tp':>5} {'fp':>5} {'fn':>5}"]
    for name, key in (("cues", "cues"), ("speech cues", "speech_cues")):
        v = data[key]
        lines.append(f"{name:<20} {v['precision']:>6.3f} {v['recall']:>6.3f} {v['f1']:>6.3f}   {v['tp']:>5} {v['fp']:>5} {v['fn']:>5}")
    src, content = data["source"], data["content"]
    lines.append(f"{'source accuracy':<20} {src['accuracy']:>6.3f}   ({src['correct']} of {src['total']} matched cues with a gold source)")
    lines.append(f"{'content token F1':<20} {content['f1_with_content']:>6.3f}   (over {content['pairs_with_content']} matched cues "
                 f"with predicted content; {content['f1_all']:.3f} over all {content['matched_pairs']})")
    return lines
