"""Rewrite the README's schema section from :mod:`pipeline.schema` (``python -m pipeline.schema_readme``)."""

from pathlib import Path

from pipeline.schema import render_markdown


def main(readme: Path = Path("README.md")) -> None:
    text = readme.read_text(encoding="utf-8")
    start = text.index("<!-- schema -->") + len("<!-- schema -->\n")
    end = text.index("## Changelog")
    readme.write_text(text[:start] + "\n" + render_markdown() + "\n" + text[end:], encoding="utf-8")


if __name__ == "__main__":
    main()
