"""Two partners: naming voices, pairing two Alexa accounts (a code, a number back, the owner's
word: see pacts/pairing.py), leaving the pact."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from ask_sdk_model import Intent, Response, Slot

from intents import reminders
from intents.common import IntentHandler, elicit, left_words, respond, slot_value
from pacts import names, pairing, partner_sync
from pacts.model import Pact
from pacts.setup import clean_name
from pacts.store import (
    COPY,
    PENDING,
    Household,
    PactStore,
    StoreError,
    account_key,
    key,
    pact_key,
    to_dynamo,
)
from speech.ssml import Ssml
from turn import Turn

log = logging.getLogger(__name__)
JOIN_INTENT = "JoinPactIntent"


NAME_INTENT = "NameIntent"
NAME_CHECK = "name_check"  # session: the name waiting for a yes


class NameHandler(IntentHandler):
    """ "This is Sam": a voice profile (or this account) gets a first name. "This is
    ridiculous" is no name (pacts/names.py): nothing is stored; a doubtful one is asked about."""

    intents = (NAME_INTENT,)

    def handle(self, handler_input: Any) -> Response:
        turn = Turn.of(handler_input)
        phrases = turn.phrases
        spoken = slot_value(handler_input, "name")
        if not spoken:
            return respond(handler_input, Ssml().say(phrases.get("name.missing")))
        verdict, name = names.judge(clean_name(spoken), turn.locale)
        if verdict is names.Verdict.NOT_A_NAME or name is None:
            return respond(handler_input, Ssml().say(phrases.get("name.not_a_name")))
        if verdict is names.Verdict.UNSURE:
            turn.session["offer"] = "name"
            turn.session[NAME_CHECK] = name
            return respond(
                handler_input,
                Ssml().say(phrases.get("name.confirm", name=name)),
                reprompt=phrases.get("name.confirm_reprompt", name=name),
            )
        return remember_name(handler_input, name)


def remember_name(handler_input: Any, name: str) -> Response:
    turn = Turn.of(handler_input)
    household = turn.household
    voice, account = turn.voice, turn.account

    def named(pact: Pact) -> Pact:
        names = pact.names if name in pact.names else (*pact.names, name)[-2:]
        if voice:
            return replace(pact, voices={**pact.voices, voice: name}, names=names)
        accounts = {**pact.accounts, account: name} if account else pact.accounts
        return replace(pact, accounts=accounts, names=names)

    household.change(named)
    if not turn.save():
        return respond(handler_input, Ssml().say(turn.not_saved()))
    key_ = "name.voice" if voice else "name.account"
    return respond(handler_input, Ssml().say(turn.phrases.get(key_, name=name)))


def name_confirmed(handler_input: Any) -> Response:
    """ "Yes" to "Did you say your name is ...?": the name is stored."""
    turn = Turn.of(handler_input)
    name = turn.session.pop(NAME_CHECK, None)
    if not isinstance(name, str) or not name:
        return respond(handler_input, Ssml().say(turn.phrases.get("name.missing")))
    return remember_name(handler_input, name)


def name_denied(handler_input: Any) -> Response:
    """ "No": nothing is stored, and the name is asked for again (Dialog.ElicitSlot)."""
    turn = Turn.of(handler_input)
    turn.session.pop(NAME_CHECK, None)
    intent = Intent(name=NAME_INTENT, slots={"name": Slot(name="name")})
    return elicit(handler_input, "name", turn.phrases.get("name.ask_again"), intent=intent)


def pending_join(turn: Turn) -> dict[str, Any] | None:
    """Someone redeemed this account's pairing code and waits for the owner's number."""
    household = turn.household
    pending = household.pending
    if not household.loaded or not pairing.pending_live(pending, turn.now):
        return None
    assert pending is not None
    if pending.get("pact_id") != household.pact.pact_id:
        return None
    return pending


def ask_for_number(handler_input: Any, lead: Ssml | None = None) -> Response | None:
    """ "Someone used your pairing code. What number did their Echo give them?" (the owner's
    side of pairing), or the news that two accounts used it; None when nothing waits."""
    turn = Turn.of(handler_input)
    phrases = turn.phrases
    pending = pending_join(turn)
    if pending is None:
        return None
    speech = lead or Ssml()
    if pending.get("contested"):
        turn.household.also(_drop_pending(turn))
        turn.save()
        return respond(handler_input, speech.say(phrases.get("join.contested")))
    name = pending.get("joiner_name")
    who = (
        phrases.get("join.someone_named", name=name)
        if isinstance(name, str) and name
        else phrases.get("join.someone")
    )
    intent = Intent(name=JOIN_INTENT, slots={"code": Slot(name="code")})
    return elicit(
        handler_input, "code", phrases.get("join.ask_number"), lead=speech.say(who), intent=intent
    )


def _drop_pending(turn: Turn) -> dict[str, Any]:
    return {"Delete": {"Key": key(account_key(turn.household.account), PENDING)}}


class ConnectPartnerHandler(IntentHandler):
    """ "Connect my partner": a six-digit code, single use, ten minutes."""

    intents = ("ConnectPartnerIntent",)

    def handle(self, handler_input: Any) -> Response:
        turn = Turn.of(handler_input)
        phrases = turn.phrases
        household = turn.household
        if not household.loaded:
            return respond(handler_input, Ssml().say(phrases.get("pact.not_reached")))
        if len(household.pact.members) >= pairing.MAX_MEMBERS:
            return respond(handler_input, Ssml().say(phrases.get("pair.full")))
        waiting = ask_for_number(handler_input)
        if waiting is not None:
            return waiting
        code = pairing.new_code()
        old = household.pact.pairing_code
        household.change(lambda p: replace(p, pairing_code=code))
        record = {
            "pk": pairing.pair_key(code),
            "sk": "PAIR",
            "pact_id": household.pact.pact_id,
            "owner": household.account,
            "attempts": 0,
            "expires_at": int((turn.now + pairing.CODE_LIFETIME).timestamp()),
        }
        household.also(
            {"Put": {"Item": to_dynamo(record), "ConditionExpression": "attribute_not_exists(pk)"}}
        )
        if old and old != code:  # one live code per pact
            household.also({"Delete": {"Key": key(pairing.pair_key(old), "PAIR")}})
        if household.pending is not None:
            household.also(_drop_pending(turn))
        if not turn.save():
            return respond(handler_input, Ssml().say(turn.not_saved()))
        speech = Ssml().say(phrases.get("pair.code")).say_as(code, "digits").say(".")
        speech.say(phrases.get("pair.how"))
        return respond(handler_input, speech)


class JoinPactHandler(IntentHandler):
    """ "Join my partner's pact" + the code (the partner's side), or the number back (the
    owner's side, when someone redeemed their code). Every failed guess sounds the same."""

    intents = (JOIN_INTENT,)

    def handle(self, handler_input: Any) -> Response:
        turn = Turn.of(handler_input)
        phrases = turn.phrases
        household = turn.household
        if not household.loaded or not turn.account:
            return respond(handler_input, Ssml().say(phrases.get("pact.not_reached")))
        spoken = slot_value(handler_input, "code")
        pending = pending_join(turn)
        if spoken is None:
            asked = ask_for_number(handler_input) if pending is not None else None
            return asked or elicit(handler_input, "code", phrases.get("join.ask_code"))
        code = pairing.normalize_code(spoken)
        try:
            if pending is not None:
                outcome, number = confirm_join(turn, household, pending, code), None
            else:
                outcome, number = redeem(turn, household, code)
        except StoreError as error:
            log.warning("pairing failed to store: %s", error)
            return respond(handler_input, Ssml().say(turn.not_saved()))
        # Paused after too many codes that did not work: say when joining opens again.
        wait = left_words(turn, pairing.next_try(turn.now))
        speech = Ssml().say(phrases.get(outcome, duration=wait))
        if number is not None:
            speech.say_as(number, "digits").say(".").say(phrases.get("join.pending_how"))
        return respond(handler_input, speech)


def redeem(turn: Turn, household: Household, code: str | None) -> tuple[str, str | None]:
    """The partner's side: count the attempt, claim the code, leave the owner a number to say.
    Returns the phrase key and, when the code was claimed, the number."""
    store = turn.store
    me = household.account
    if household.shared:
        return "join.shared", None
    hour = pairing.hour_bucket(turn.now)
    reasons = store.transact_reasons(
        [
            pairing.attempt_counter(
                account_key(me), f"GUARD#{hour}", pairing.MAX_ACCOUNT_ATTEMPTS, turn.now
            ),
            pairing.attempt_counter(
                pairing.BUDGET_KEY, f"BUDGET#{hour}", pairing.SERVICE_ATTEMPTS_PER_HOUR, turn.now
            ),
        ]
    )
    if reasons:
        over_account = reasons[0] == "ConditionalCheckFailed"
        return ("join.paused" if over_account else "join.busy"), None
    pair = store.get(pairing.pair_key(code), "PAIR") if code else None
    target = pair.get("pact_id") if pair else None
    if household.exists and target == household.pact.pact_id:
        return "join.already", None
    if not pairing.code_usable(pair, turn.now) or code is None:
        if pair is not None and code is not None:
            _count_failure(store, pair, code, me)
        return "join.failed", None
    assert pair is not None
    owner = str(pair["owner"])
    number = pairing.new_code()
    now = int(turn.now.timestamp())
    waiting = {
        "pk": account_key(owner),
        "sk": PENDING,
        "pact_id": target,
        "joiner": me,
        "joiner_name": turn.speaker_name,
        # Skill Messaging reaches the joiner's own account by this id (issue 18); the pending
        # item dies in ten minutes or at the owner's answer, and the pact keeps it per member.
        "joiner_user": turn.user_id,
        "joiner_locale": turn.locale,
        # The pact the joiner has now ("" for none): the owner's answer replaces that copy only
        # if it still holds it, and deletes its history without reading the joiner's partition.
        "joiner_pact": household.pact.pact_id if household.exists else "",
        "number": number,
        "code": code,
        "expires_at": now + int(pairing.CODE_LIFETIME.total_seconds()),
    }
    claimed = store.transact(
        [
            {
                "Update": {
                    "Key": key(pairing.pair_key(code), "PAIR"),
                    "UpdateExpression": "SET claimed = :me",
                    "ConditionExpression": (
                        "attribute_not_exists(claimed) AND attempts < :max AND expires_at > :now"
                    ),
                    "ExpressionAttributeValues": {
                        ":me": {"S": me},
                        ":max": {"N": str(pairing.MAX_CODE_ATTEMPTS)},
                        ":now": {"N": str(now)},
                    },
                }
            },
            {
                # The code dies with its pact: the owner must still hold this pact, alone, with
                # this code live.
                "ConditionCheck": {
                    "Key": key(account_key(owner), COPY),
                    "ConditionExpression": (
                        "pact_id = :id AND size(members) < :two AND pairing_code = :code"
                    ),
                    "ExpressionAttributeValues": {
                        ":id": {"S": str(target)},
                        ":two": {"N": str(pairing.MAX_MEMBERS)},
                        ":code": {"S": code},
                    },
                }
            },
            {"Put": {"Item": to_dynamo(waiting)}},
        ]
    )
    if not claimed:
        _count_failure(store, pair, code, me)
        return "join.failed", None
    return "join.pending", number


def _count_failure(store: PactStore, pair: dict[str, Any], code: str, me: str) -> None:
    """A failed redemption of a code that exists counts on it; one already claimed by another
    account means two accounts used it, so its pending join links no one."""
    store.update(
        Key=key(pairing.pair_key(code), "PAIR"),
        UpdateExpression="ADD attempts :one",
        ConditionExpression="attribute_exists(pk)",
        ExpressionAttributeValues={":one": {"N": "1"}},
    )
    claimer, owner = pair.get("claimed"), pair.get("owner")
    if isinstance(claimer, str) and claimer != me and isinstance(owner, str):
        store.update(
            Key=key(account_key(owner), PENDING),
            UpdateExpression="SET contested = :yes",
            ConditionExpression="attribute_exists(pk) AND code = :code",
            ExpressionAttributeValues={":yes": {"BOOL": True}, ":code": {"S": code}},
        )


def confirm_join(
    turn: Turn, household: Household, pending: dict[str, Any], number: str | None
) -> str:
    """The owner's side: the number their partner's Echo gave. One try."""
    household.also(_drop_pending(turn))
    code = pending.get("code")
    if isinstance(code, str):
        household.also({"Delete": {"Key": key(pairing.pair_key(code), "PAIR")}})
    joiner = pending.get("joiner")
    right = (
        not pending.get("contested")
        and number is not None
        and number == pending.get("number")
        and isinstance(joiner, str)
    )
    if not right:
        household.change(lambda p: replace(p, pairing_code=None))
        turn.save()
        return "join.contested" if pending.get("contested") else "join.mismatch"
    assert isinstance(joiner, str)
    # Joining replaces the pact the partner had alone: its history goes when the join is done.
    # The pending join says which pact that was; the write checks it still is (and learns which
    # it is now, if not), so no read of the partner's copy is needed.
    had = pending.get("joiner_pact")
    replaced: Any = None
    if isinstance(had, str):
        household.joining[joiner] = had
    else:  # a pending join written before it recorded the pact (at most ten minutes old)
        theirs = turn.store.get(account_key(joiner), COPY)
        replaced = theirs.get("pact_id") if theirs else None
    user_id, locale = pending.get("joiner_user"), pending.get("joiner_locale")

    def joined(p: Pact) -> Pact:
        p = replace(p.with_member(joiner), pairing_code=None)
        if isinstance(user_id, str):
            p = partner_sync.with_user(
                p, joiner, user_id, locale if isinstance(locale, str) else None
            )
        if turn.user_id:  # the owner's own, in the same write (not a second one after it)
            p = partner_sync.with_user(p, household.account, turn.user_id, turn.locale)
        return p

    household.change(joined)
    turn.store.save(household)
    replaced = household.joining.get(joiner, replaced)
    if isinstance(replaced, str) and replaced and replaced != household.pact.pact_id:
        try:
            turn.store.delete_partition(pact_key(replaced))
        except StoreError as error:  # unreachable now, and its episodes expire (TTL)
            log.warning("could not delete a replaced pact's history: %s", error)
    return "join.confirmed"


class LeavePactHandler(IntentHandler):
    """ "Leave the pact": confirmed first (see the Yes/No offers)."""

    intents = ("LeavePactIntent",)

    def handle(self, handler_input: Any) -> Response:
        turn = Turn.of(handler_input)
        phrases = turn.phrases
        if not turn.household.shared:
            return respond(handler_input, Ssml().say(phrases.get("leave.alone")))
        turn.session["offer"] = "leave"
        ask = phrases.get("leave.confirm")
        return respond(handler_input, Ssml().say(ask), reprompt=ask)


def part_ways(store: PactStore, household: Household) -> None:
    """This account leaves a shared pact for good: off the members with its name, its voices'
    names, its reminders and its reflection answers; its copy goes in the same write that
    changes the partner's. The partner keeps everything else."""
    account = household.account
    stored = household.stored or household.pact
    keys = {f"a:{account}"} | {f"v:{v}" for v, o in stored.voice_owners.items() if o == account}
    reflections = [
        {"pk": {"S": str(e["pk"])}, "sk": {"S": str(e["sk"])}}
        for e in store.episodes_of(stored.pact_id)
        if e.get("kind") == "reflection" and e.get("person") in keys
    ]
    household.change(lambda p: p.without_person(account))
    store.save(household)
    if reflections:
        store.delete_episodes(reflections)


def leave_confirmed(handler_input: Any) -> Response:
    """The account leaves: off the members list, and it starts fresh with no pact."""
    turn = Turn.of(handler_input)
    phrases = turn.phrases
    household = turn.household
    account = turn.account
    if account is None or not household.shared:
        return respond(handler_input, Ssml().say(phrases.get("leave.alone")))
    for token in [
        *household.pact.reminder_tokens(by=account),
        *partner_sync.held_by(household.pact, account),  # the partner's space, on my account
    ]:
        reminders.cancel(turn, token)
    try:
        part_ways(turn.store, household)
    except StoreError as error:
        log.warning("leaving failed: %s", error)
        return respond(handler_input, Ssml().say(turn.not_saved()))
    return respond(handler_input, Ssml().say(phrases.get("leave.done")))
