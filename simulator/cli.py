"""`pause-pact`: talk to the skill offline (`run`) or host it as a web service (`serve`)."""

from __future__ import annotations

import argparse
import contextlib
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn, TextIO

from settings import Settings
from simulator.dynamo import STATE_FILE
from simulator.engine import (
    DEFAULT_STATE_DIR,
    EARLIEST,
    LATEST,
    REMINDERS_STATE,
    Options,
    Simulator,
    Turn,
    available_locales,
    local_dynamodb,
    parse_wait,
    time_zone,
)
from speech.ssml import to_plain_text

HELP_COMMANDS = """\
Type what you would say to Alexa: "open pause pact", "I need space",
"alexa tell pause pact we're in the cycle again", "yes". Commands:
  :wait 20m        move the simulated clock forward (s, m, h, d); due reminders are announced
  :user NAME       talk from another Alexa account (e.g. your partner's own Echo)
  :person NAME     speak as a recognised voice on this account (:person - for none)
  :now             show the simulated time
  :help            this text
  :quit            leave (Ctrl-D works too)
"""


class Parser(argparse.ArgumentParser):
    """argparse with a one-line error (no usage block); sub-commands use it too."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _parse_now(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"not an ISO time such as 2026-11-22T20:25 ({error})"
        ) from None
    if not EARLIEST.year <= value.year < LATEST.year:
        raise argparse.ArgumentTypeError(
            f"the simulated clock must start between the years {EARLIEST.year} "
            f"and {LATEST.year - 1}"
        )
    return value


def _parse_locale(text: str) -> str:
    if text not in available_locales():
        raise argparse.ArgumentTypeError(
            f"no interaction model for {text!r}: use one of {', '.join(available_locales())}"
        )
    return text


def _parse_zone(text: str) -> str:
    try:
        time_zone(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="pause-pact", description=__doc__, allow_abbrev=False)
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser(
        "run",
        help="talk to the skill offline (typed or piped utterances)",
        description="The offline Alexa simulator. " + HELP_COMMANDS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    run.add_argument(
        "--locale",
        type=_parse_locale,
        default="en-US",
        help="interaction model and speech locale (en-US, en-GB, en-CA, en-AU, en-IN, es-US, "
        "es-ES, es-MX)",
    )
    run.add_argument(
        "--time-zone",
        type=_parse_zone,
        default="America/Los_Angeles",
        help="the device's IANA time zone",
    )
    run.add_argument(
        "--now",
        type=_parse_now,
        default=None,
        help="start the simulated clock here (ISO, local to --time-zone); default: now",
    )
    run.add_argument("--user", default="home", help="the Alexa account you speak from")
    run.add_argument("--person", default=None, help="a recognised voice (Alexa voice profile)")
    run.add_argument("--screen", action="store_true", help="a device with a screen (APL)")
    run.add_argument(
        "--state",
        type=Path,
        default=DEFAULT_STATE_DIR,
        help=f"where DynamoDB state and TLS files live (default {DEFAULT_STATE_DIR})",
    )
    run.add_argument(
        "--fresh",
        action="store_true",
        help="start with empty DynamoDB state (and no stand-in reminders)",
    )
    run.add_argument("--speak", action="store_true", help="speak answers with espeak-ng")
    run.add_argument("--wav", type=Path, default=None, help="write each answer as a WAV here")
    run.add_argument("--quiet", action="store_true", help="only Alexa's words, no details")

    serve = sub.add_parser(
        "serve", help="host the skill as a web service (flask-ask-sdk)", allow_abbrev=False
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=5000)
    serve.add_argument(
        "--no-verify",
        action="store_true",
        help="LOCAL TESTING ONLY (127.0.0.1): skip Alexa request signature and timestamp "
        "checks; without it SKILL_ID must be set",
    )
    serve.add_argument("--state", type=Path, default=DEFAULT_STATE_DIR)
    return parser


class Printer:
    def __init__(self, out: TextIO, *, quiet: bool, speak: bool, wav: Path | None) -> None:
        self.out = out
        self.quiet = quiet
        self.speak = speak
        self.wav = wav
        self.count = 0
        self.espeak = shutil.which("espeak-ng")
        if (speak or wav) and self.espeak is None:
            self.line(
                "(--speak needs espeak-ng, which is not installed: "
                "run `apt-get install espeak-ng`, or `make run ARGS=--speak` as root)"
            )

    def line(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    def turn(self, turn: Turn) -> None:
        for note in turn.notes:
            self.line(f"  ({note})")
        if turn.response is None and turn.prompt is None:
            return
        if not self.quiet:
            self._understanding(turn)
        if turn.ssml:
            self.line("alexa> " + _pauses(turn))
            self._voice(turn.ssml)
        elif not self.quiet:
            self.line("alexa> (nothing said)")
        if turn.alexa_asks:
            self.line(f"alexa> {turn.alexa_asks}")
            self._voice(f"<speak>{turn.alexa_asks}</speak>")
        if not self.quiet:
            self._details(turn)

    def _understanding(self, turn: Turn) -> None:
        if turn.understood is not None:
            self.line("  " + describe(turn))
        for exchange in turn.exchanges:
            request = describe_request(exchange.request)
            if request:
                self.line(f"  [request] {request}")

    def _details(self, turn: Turn) -> None:
        if turn.reprompt:
            self.line(f"  [reprompt] {turn.reprompt}")
        card = turn.body.get("card")
        if card:
            self.line(
                f"  [card] {card.get('title', '')}: {card.get('content') or card.get('text', '')}"
            )
        for directive in turn.directives:
            self.line("  [directive] " + describe_directive(directive))
        if turn.dialog is not None:
            self.line(f"  [dialog: {turn.dialog.describe()}]")
        self.line("  [session open]" if turn.session_open else "  [session closed]")

    def announce(
        self,
        reminders: Iterable[str],
        clock: str,
        owners: Sequence[str] = (),
        current: str | None = None,
    ) -> None:
        """Reminders that rang; one on another account's devices says whose (`owners`)."""
        for number, text in enumerate(reminders):
            owner = owners[number] if number < len(owners) else current
            where = f" on {owner}'s devices" if owner != current else ""
            self.line(f"alexa> (reminder{where}, {clock}) {text}")
            self._voice(f"<speak>{text}</speak>")

    def _voice(self, ssml: str) -> None:
        if self.espeak is None or not (self.speak or self.wav):
            return
        self.count += 1
        command = [self.espeak, "-m", "-v", "en-us", "-s", "150"]
        if self.wav is not None:
            self.wav.mkdir(parents=True, exist_ok=True)
            command += ["-w", str(self.wav / f"turn-{self.count:03d}.wav")]
        try:
            subprocess.run([*command, ssml], check=False, timeout=300, capture_output=True)  # noqa: S603
        except (OSError, subprocess.TimeoutExpired) as error:
            self.line(f"  (espeak-ng failed: {type(error).__name__})")


def _pauses(turn: Turn) -> str:
    return to_plain_text(turn.ssml, show_pauses=True)


def describe(turn: Turn) -> str:
    understood = turn.understood
    assert understood is not None
    if understood.launch:
        return "→ LaunchRequest"
    slots = {n: s.value for n, s in understood.slots.items() if s.value is not None}
    shown = ", ".join(f"{k}={v}" for k, v in slots.items())
    answers = f" [answers: {turn.answered.describe()}]" if turn.answered is not None else ""
    return f"→ {understood.intent}" + (f" ({shown})" if shown else "") + answers


def describe_request(event: dict[str, Any]) -> str | None:
    """A dialog request ("IntentRequest X · IN_PROGRESS (slot=value)") or a SessionEndedRequest
    for an error, as the CLI shows it; None for requests without a dialogState."""
    request = event.get("request") or {}
    kind = str(request.get("type", "?"))
    if kind == "SessionEndedRequest" and request.get("error"):
        error = request["error"]
        return f"{kind} ERROR {error.get('type')}: {error.get('message')}"
    state = request.get("dialogState")
    if kind != "IntentRequest" or state is None:
        return None
    intent = request.get("intent") or {}
    slots = {
        name: slot.get("value")
        for name, slot in (intent.get("slots") or {}).items()
        if slot.get("value") is not None
    }
    shown = ", ".join(f"{k}={v}" for k, v in slots.items())
    status = intent.get("confirmationStatus")
    confirmation = f" · {status}" if status and status != "NONE" else ""
    return f"{kind} {intent.get('name')} · {state}{confirmation}" + (f" ({shown})" if shown else "")


def describe_directive(directive: dict[str, Any]) -> str:
    kind = str(directive.get("type", "?"))
    if kind == "Connections.SendRequest":
        return f"{kind} {directive.get('name')} {directive.get('payload')}"
    if kind.startswith("Dialog."):
        target = directive.get("slotToElicit") or directive.get("slotToConfirm")
        updated = (directive.get("updatedIntent") or {}).get("name")
        return kind + (f" {target}" if target else "") + (f" → {updated}" if updated else "")
    if kind == "Alexa.Presentation.APL.RenderDocument":
        sources = directive.get("datasources") or {}
        space = (sources.get("space") or {}).get("properties")
        breathing = (sources.get("breathing") or {}).get("properties")
        if space:
            minutes = -(-(space["returnAtMs"] - space["sentAtMs"]) // 60_000)
            shown = f"return {space['label']}, " if space.get("label") else ""
            return f"[screen] {shown}countdown from {minutes} min ({kind})"
        if breathing:
            return (
                f"[screen] breathing circle: {breathing['breaths']} breaths, in "
                f"{breathing['inMs'] / 1000:g} s / out {breathing['outMs'] / 1000:g} s, "
                f"after {breathing['leadInMs'] / 1000:g} s ({kind})"
            )
    return kind


def run(args: argparse.Namespace, stdin: TextIO, out: TextIO, err: TextIO = sys.stderr) -> int:
    state: Path = args.state
    if args.fresh:
        for name in (STATE_FILE, REMINDERS_STATE):
            (state / name).unlink(missing_ok=True)
    options = Options(
        locale=args.locale,
        time_zone=args.time_zone,
        now=args.now,
        user=args.user,
        person=args.person,
        screen=args.screen,
        state_dir=state,
    )
    printer = Printer(out, quiet=args.quiet, speak=args.speak, wav=args.wav)
    interactive = stdin.isatty()
    with contextlib.ExitStack() as stack:
        try:
            sim = stack.enter_context(Simulator(options))
        except (ValueError, OSError) as error:  # a bad state file, an unwritable --state
            print(f"pause-pact run: {error}", file=err)
            return 1
        if not args.quiet:
            printer.line(f"Pause Pact simulator · {args.locale} · {sim.dynamodb_where}")
            printer.line(f"Simulated clock: {_clock(sim)} ({args.time_zone}). Type :help for help.")
        for line in _lines(stdin, out, interactive=interactive):
            text = line.strip()
            if not text or text.startswith("#"):
                continue
            if not interactive and not args.quiet:
                printer.line(f"you> {text}")
            if text.startswith(":"):
                if not command(sim, printer, text):
                    break
                continue
            turn = sim.say(text)
            printer.turn(turn)
            printer.announce(sim.announcements(), _clock(sim), *_owners(sim))
    return 0


def _lines(stdin: TextIO, out: TextIO, *, interactive: bool) -> Iterator[str]:
    """What is typed, a line at a time. At a terminal: `input()` with readline, so the arrow
    keys edit the line and recall earlier ones; Ctrl-D ends."""
    if interactive and stdin is sys.stdin:
        with contextlib.suppress(ImportError):  # not on every platform
            import readline  # noqa: F401, PLC0415 - importing it is what makes input() edit
        while True:
            try:
                yield input("you> ")
            except EOFError:
                out.write("\n")
                return
    while True:
        if interactive:
            out.write("you> ")
            out.flush()
        line = stdin.readline()
        if not line:
            return
        yield line


def _owners(sim: Simulator) -> tuple[list[str], str]:
    """Whose devices the reminders that just rang are on, and who is speaking now."""
    return [reminder.user for reminder in sim.last_due], sim.user


def _clock(sim: Simulator) -> str:
    return sim.local_now().strftime("%a %d %b %Y, %I:%M %p").replace(" 0", " ")


def command(sim: Simulator, printer: Printer, text: str) -> bool:
    name, _, rest = text[1:].partition(" ")
    rest = rest.strip()
    if name in ("quit", "exit", "q"):
        return False
    if name == "wait":
        try:
            due = sim.advance(parse_wait(rest))
        except ValueError as error:  # unreadable, or past the simulator's years
            printer.line(f"  ({error})")
            return True
        printer.line(f"  (clock: {_clock(sim)})")
        printer.announce(due, _clock(sim), *_owners(sim))
    elif name == "user" and rest:
        sim.switch(user=rest)
        printer.line(f"  (speaking from the Alexa account '{rest}')")
    elif name == "person":
        sim.switch(person=None if rest in ("", "-", "none") else rest)
        printer.line(f"  (voice: {sim.person or 'not recognised'})")
    elif name == "now":
        printer.line(f"  (clock: {_clock(sim)})")
    else:
        printer.line(HELP_COMMANDS)
    return True


def serve(args: argparse.Namespace, err: TextIO) -> int:
    import webservice  # noqa: PLC0415 - Flask is loaded only when serving

    problem = webservice.serving_problem(
        args.host, verify=not args.no_verify, skill_id=Settings.from_env().skill_id
    )
    if problem is not None:
        print(f"pause-pact serve: {problem}", file=err)
        return 2
    with contextlib.ExitStack() as stack:
        try:
            where = stack.enter_context(local_dynamodb(args.state))
        except (ValueError, OSError) as error:  # a bad state file, an unwritable --state
            print(f"pause-pact serve: {error}", file=err)
            return 1
        print(f"Pause Pact web service on http://{args.host}:{args.port}/ · {where}")
        webservice.serve(args.host, args.port, verify=not args.no_verify)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "run":
            return run(args, sys.stdin, sys.stdout, sys.stderr)
        return serve(args, sys.stderr)
    except KeyboardInterrupt:  # state was saved on the way out (the with blocks)
        print(f"\npause-pact {args.command}: stopped (Ctrl-C)", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
