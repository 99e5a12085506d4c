"""Text for the terminal that user data cannot restyle: control characters shown as escapes, and
markup that is ours only.

Names, comments, file names and error texts come from YAML files and databases. In rich markup a
table named ``[red]x[/red]`` would recolour the line, ``[link=...]`` would make a hyperlink and
``[/]`` would end in a MarkupError. :func:`styled` keeps them out of the markup by construction:
the template is parsed as markup with a placeholder character for each value, and each value then
takes the place of its placeholder as plain text with the placeholder's style. No escaping to
forget, and no escaping to get wrong (rich's ``escape`` cannot round-trip every backslash).

Imports rich only inside functions: ``forge --help`` does not load it.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

# C0/C1 controls, line and paragraph separators (a line break to str.splitlines), and the
# bidirectional overrides that make text read differently from what it is ("Trojan Source").
_CONTROL = dict.fromkeys([*range(0x00, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, *range(0x202A, 0x202F),
                          *range(0x2066, 0x206A)])
_MARK = 0xF0000  # placeholders: Supplementary Private Use Area-A, never in a template of ours


def printable(text: str, *, newlines: bool = False) -> str:
    """``text`` with control characters shown as escapes (``\\x1b``, ``\\n``).

    Names and values come from YAML files, databases and error texts: none of them may move
    the cursor, recolour the terminal or split one located problem over two lines.
    """
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ord(ch) in _CONTROL and not (newlines and ch == "\n"):
            out.append(repr(ch)[1:-1] if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def styled(template: str, *values: object) -> Text:
    """``template`` (our markup, ``{}`` for each value) with ``values`` in it as plain text.

    ``styled("[bold]{}[/] in {}", name, path)``: each value is shown as it is (control
    characters escaped) in the style around its ``{}``, whatever brackets or backslashes it holds.
    A value that is a rich ``Text`` goes in as it is (``lines(message)`` keeps a message's lines).
    """
    from rich.text import Span, Text

    text, cuts = _parsed(template, len(values))
    if not values:
        return text.copy()
    out = Text(style=text.style, end=text.end)
    for piece in text.divide(cuts):
        index = ord(piece.plain[0]) - _MARK if len(piece) == 1 else -1
        if 0 <= index < len(values):
            value = values[index]
            inner = value.copy() if isinstance(value, Text) else Text(printable(str(value)))
            inner.spans = [Span(0, len(inner), s.style) for s in piece.spans] + inner.spans
            piece = inner
        out.append_text(piece)
    return out


def plain(template: str, *values: object) -> str:
    """``styled(template, *values).plain`` without building rich text: for output without
    colour, where a 1,000-table plan's thousands of lines made that a measurable cost.

    Each placeholder of the parsed template is replaced in one pass over the template, so a
    value is never searched for placeholders itself (a name may hold any character). rich is not
    imported for it unless a value is rich text or the template may hold an emoji code."""
    text = _plain_template(template, len(values))
    if not values:
        return text
    shown = [printable(v) if type(v) is str else _shown(v) for v in values]
    return _PLACEHOLDER.sub(lambda m: shown[ord(m.group()) - _MARK], text)


def _shown(value: object) -> str:
    text_type = getattr(sys.modules.get("rich.text"), "Text", None)  # none exists before rich.text is imported
    if text_type is not None and isinstance(value, text_type):
        return value.plain  # a message's lines (see :func:`lines`), as they are
    return printable(str(value))


_PLACEHOLDER = re.compile(f"[{chr(_MARK)}-{chr(_MARK + 255)}]")


@functools.lru_cache(maxsize=256)
def _plain_template(template: str, count: int) -> str:
    """The text a template's markup shows, placeholders in place: read here as rich reads its
    markup (``tests/test_markup.py`` compares the two on random markup and every template of
    ours), or by rich itself for a template that may hold an emoji code (``:name:``)."""
    markup = template.format(*(chr(_MARK + i) for i in range(count)))
    if _EMOJI_LIKE.search(markup) is None:
        return markup_plain(markup)
    return _parsed(template, count)[0].plain


_TAG = re.compile(r"((\\*)\[([a-z#/@][^[]*?)])")  # rich.markup's own pattern of a tag
_EMOJI_LIKE = re.compile(r":\S*?:")


def markup_plain(markup: str) -> str:
    """The text of rich markup without its tags: escaped brackets (``\\[``) as brackets, each
    pair of backslashes before a tag as one. Markup rich would refuse (a closing tag that closes
    nothing) is not checked here: ours is checked wherever it is printed in colour."""
    if "[" not in markup:
        return markup
    out: list[str] = []
    position = 0
    for match in _TAG.finditer(markup):
        full, escapes, _tag = match.groups()
        start, end = match.span()
        if start > position:
            out.append(markup[position:start].replace("\\[", "["))
        position = end
        if escapes:
            backslashes, escaped = divmod(len(escapes), 2)
            out.append("\\" * backslashes)
            if escaped:
                out.append(full[len(escapes):].replace("\\[", "["))
    if position < len(markup):
        out.append(markup[position:].replace("\\[", "["))
    return "".join(out)


@functools.lru_cache(maxsize=256)
def _parsed(template: str, count: int) -> tuple[Text, tuple[int, ...]]:
    """A template's markup parsed once (a plan prints the same few templates thousands of
    times), and where its placeholders start and end. Callers never change the Text."""
    from rich.text import Text

    text = Text.from_markup(template.format(*(chr(_MARK + i) for i in range(count))))
    at = [i for i, ch in enumerate(text.plain) if _MARK <= ord(ch) < _MARK + count]
    return text, tuple(sorted({*at, *(i + 1 for i in at)}))


def lines(text: str) -> Text:
    """``text`` for :func:`styled` with its line breaks kept (a multi-line message), other controls escaped."""
    from rich.text import Text

    return Text(printable(text, newlines=True))


class LazyConsole:
    """A rich console made when first used (``make``; importing rich costs a command ~0.03 s),
    which :func:`plain_stream` steps around for output that is text alone: no colour
    (``NO_COLOR``, ``--no-color``, or a pipe or file nothing forces colour into). Every other use
    (tables, spinners, colour) reaches the console itself."""

    def __init__(self, make: Callable[[], Console], *, stderr: bool, no_color: bool) -> None:
        self.make, self.stderr, self.no_color = make, stderr, no_color
        self._console: Console | None = None

    @property
    def real(self) -> Console:
        if self._console is None:
            self._console = self.make()
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    @property
    def stream(self) -> Any:
        return sys.stderr if self.stderr else sys.stdout  # looked up when used, as rich does

    @property
    def is_interactive(self) -> bool:
        """Never off a terminal (forge's consoles are made so), asked without making the console."""
        return isatty(self.stream) and self.real.is_interactive


def plain_stream(console: object) -> Any:
    """The stream ``console`` writes to, when what it prints there is the text alone, exactly:
    rich writes no style without a colour system, and forge's consoles never wrap. None for a
    console that would colour (a terminal, ``FORCE_COLOR``, ``TTY_COMPATIBLE=1``) and for any
    console that is not a :class:`LazyConsole` (a test's own)."""
    if not isinstance(console, LazyConsole):
        return None
    stream = console.stream
    forced = bool(os.environ.get("FORCE_COLOR")) or os.environ.get("TTY_COMPATIBLE") == "1"
    return stream if console.no_color or not (forced or isatty(stream)) else None


def write_line(stream: Any, text: str) -> None:
    """A line as rich prints it: the text, a line break, flushed (stdout and stderr interleave as before)."""
    stream.write(text + "\n")
    stream.flush()


def isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # replaced or closed streams (a test runner's capture)
        return False
