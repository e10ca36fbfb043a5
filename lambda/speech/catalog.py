"""The skill's words, kept out of the handlers. One table per language; variants rotate.

Keys are stable; each value is a phrase or a list of variants. `{name}` fields are filled by
`Phrases.get`. Writing here is writing for a flooded person: short sentences, no blame, the
pattern named rather than a partner.
"""

from __future__ import annotations

import hashlib
from typing import Final

from speech.locales import catalog_for

Entry = str | tuple[str, ...]

EN: Final[dict[str, Entry]] = {
    # Space: the first sentence carries the whole job.
    "space.heard": "I heard you{name}, and you'll come back to this {when}.",
    "space.heard_relative": "I heard you{name}, and you'll come back to this in {duration}.",
    "space.moved": "I heard you{name}, and I've moved your return: you'll come back to this {when}.",
    "space.moved_relative": (
        "I heard you{name}, and I've moved your return: you'll come back to this in {duration}."
    ),
    # "I heard you" is the one who steps away speaking to the one who stays: with a name, it is
    # said that way round, to the room.
    "space.heard_named": "{name} heard you, and will come back to this {when}.",
    "space.heard_named_relative": "{name} heard you, and will come back to this in {duration}.",
    "space.moved_named": "{name} heard you, and will now come back to this {when}.",
    "space.moved_named_relative": "{name} heard you, and will now come back to this in {duration}.",
    # Said once per account, the first time a space shorter than twenty minutes is asked for.
    "space.short_why": (
        "If you can, make it twenty minutes next time: the body needs about that long to settle."
    ),
    "space.too_long": "That's the longest space your pact allows; space works best with a return.",
    "space.unreadable": "I didn't catch how long, so I used your usual {duration}.",
    "space.aftercare": (
        "Let your body settle. When you come back, one small step is enough.",
        "The conversation will keep until then, and so will your return time.",
        "Breathe slowly. Space is safe because you're coming back.",
    ),
    "space.no_clock": "I couldn't check your clock, so keep that time in mind yourselves.",
    # Cycle and grounding.
    "cycle.name": (
        "This is the cycle, not either of you. It's the two of you against the cycle, "
        "so let's slow it down together."
    ),
    "grounding.start": "Let's take a pause. Let your shoulders drop, and your feet rest on the floor.",
    "grounding.in": "Breathe in slowly,",
    "grounding.out": "and let it go, slow and long.",
    "grounding.in_short": "In,",
    "grounding.out_short": "and out.",
    "grounding.end": "Good. Notice how your body feels now.",
    # The same pause said to both partners (the cycle, the slow-motion conversation).
    "grounding.together.start": "Let's take a pause. Let your shoulders drop, and your feet rest on the floor.",
    "grounding.together.in": "Breathe in slowly,",
    "grounding.together.out": "and let it go, slow and long.",
    "grounding.together.in_short": "In,",
    "grounding.together.out_short": "and out.",
    "grounding.together.end": "Good. Notice how your bodies feel now.",
    "slow.question": (
        "Now, quietly, each of you ask: what am I feeling now?",
        "Now, quietly, each of you ask: can I say this differently?",
        "Now, quietly, each of you ask: what do I need?",
    ),
    "cycle.offer": "When you're ready, you can choose space, connection, or another pause.",
    "cycle.reprompt": "Would you like space, connection, or another pause?",
    "grounding.after": "If you need space or connection next, just tell me.",
    "grounding.reprompt": "Would you like space, connection, or another pause?",
    # Connection: the pursuer's side.
    "connection.waiting": (
        "I hear that you need connection{name}. {who} is taking space and will come back "
        "{when}, {left} from now."
    ),
    "connection.waiting_relative": (
        "I hear that you need connection{name}. {who} is taking space and will come back in {left}."
    ),
    "connection.own_space": (
        "You're the one taking space, until {until}. When you're ready to reconnect, say: I'm back."
    ),
    "connection.your_partner": "Your partner",
    "connection.wait_help": (
        "Waiting is hard. Ask yourself: what would happen if I waited five minutes? "
        "Would you like a short breathing pause while you wait?"
    ),
    # Twenty minutes or more still to wait: the five-minute question does not fit yet.
    "connection.wait_long": (
        "That's a while to wait, and waiting is hard. Giving space isn't losing each other: "
        "use the time for something that steadies you, like a short walk or a glass of water. "
        "Would you like a short breathing pause now?"
    ),
    "connection.soft_start": (
        "I hear that you need connection. You could say: I have something to say. "
        "Are you free to listen? Then let your partner answer in their own time."
    ),
    "connection.reprompt": "Would you like a short breathing pause?",
    # Return time.
    "return.running": "You agreed to come back to this {when}. That's {left} from now.",
    "return.running_named": "{who} is taking space until {until}. That's {left} from now.",
    "return.running_relative": "You agreed to come back to this in {left}.",
    "return.ended": "Your space ended {when}. It's time to come back, even if you're not fully calm: say, I'm back, or give yourself a new time.",
    "return.ended_relative": "Your space has ended. It's time to come back, even if you're not fully calm: say, I'm back, or give yourself a new time.",
    "return.none": "There's no space running right now. If one of you needs a pause, say: I need space.",
    # Back.
    "back.on_time": "Welcome back. You came back when you said you would, and that builds trust.",
    "back.late": "Welcome back. It took a little longer than planned, and coming back still matters.",
    "back.early": "Welcome back. You're a little early: check how your body feels, and if your heart is still racing, take a few slow breaths before you begin.",
    "back.none": "Welcome back.",
    "back.partner": "Your partner",
    "back.not_yours": "{who} is taking space until {until}, {left} from now. Only they can end it, by saying: I'm back.",
    "back.not_yours_relative": "{who} is taking space for {left} more. Only they can end it, by saying: I'm back.",
    "back.not_yours_ended": "{who}'s space ended {when}. Only they can close it, by saying: I'm back.",
    "back.not_yours_ended_relative": "{who}'s space has ended. Only they can close it, by saying: I'm back.",
    "back.wait_offer": "While you wait, would you like a short breathing pause?",
    "return.came_back": "{who} came back {when}.",
    # A check-in at the return time: "I need more time", "not yet", "ten more minutes".
    "checkin.moved": "Thanks for checking in{name}. You'll come back to this {when}.",
    "checkin.moved_relative": "Thanks for checking in{name}. You'll come back to this in {duration}.",
    "checkin.capped": "That's as far as this space can go: space works best with a return.",
    "checkin.after": "When that time comes, say: I'm back, or check in again.",
    "checkin.day_over": (
        "This space has run for a whole day, and that's as long as a space can go. It's time "
        "to come back, even if you're not fully calm: say, I'm back."
    ),
    "checkin.not_yours": "{who} is taking space until {until}, and only they can move that time.",
    "checkin.not_yours_relative": (
        "{who} is taking space for {left} more, and only they can move that time."
    ),
    "checkin.not_yours_ended": (
        "{who}'s space ended {when}. Only they can give themselves more time, or close it."
    ),
    "checkin.not_yours_ended_relative": (
        "{who}'s space has ended. Only they can give themselves more time, or close it."
    ),
    "return.came_back_relative": "{who} came back a little while ago.",
    "back.named": "Welcome back, {name}.",
    "back.step": (
        "One small step toward each other: a warm word, a touch, or simply, thanks for waiting.",
        "Try starting gently. You could say: I've had time to settle. Can we try again, slowly? Then give them time to answer.",
        "One small step is enough: tell your partner one thing you heard them say.",
    ),
    # Safety: no coaching.
    "safety.emergency": "If you're in danger, call",
    "safety.dv": "For abuse at home, call",
    "safety.dv_text": "or text START to",
    "safety.crisis": "If you might hurt yourself, call or text",
    "safety.repeat": "Say repeat to hear this again.",
    "safety.others_lead": "Leave the room now, and put a door between you.",
    "safety.others_emergency": "If anyone is in danger, call",
    "safety.others_crisis": "To talk it through now, call or text",
    "safety.card_title": "Useful numbers",
    "safety.check": "Are you safe right now?",
    "safety.glad": "I'm glad. If that changes, say: I'm not safe.",
    "safety.line": "If you ever don't feel safe, say: I'm not safe.",
    "safety.for_whom": "Pause Pact is for arguments where you both feel safe.",
    # Launch, help, fallback, goodbye.
    "launch.welcome": (
        "Pause Pact is here. In a hard moment you can say: I need space, "
        "we're in the cycle again, or help me calm down."
    ),
    "launch.reprompt": "What do you need right now?",
    "help": (
        "Pause Pact helps you pause the chase and retreat cycle, in arguments where you both "
        "feel safe. Say, I need space, and I'll hold your return time, or say, we're in the "
        "cycle again. If you ever don't feel safe, say: I'm not safe. What would you like?"
    ),
    "fallback": (
        "I didn't catch that. You can say: I need space, we're in the cycle again, or when are "
        "we coming back."
    ),
    "goodbye": "Okay. Be gentle with each other.",
    # The pact: set-up, read-back, single changes, signals.
    "setup.confirm_lead": "Here's your pact.",
    "setup.confirm_ask": "Shall I save it?",
    "setup.saved": "Your pact is saved. When a hard moment comes, I'll hold to it.",
    "setup.denied": "Okay, I haven't changed your pact.",
    "setup.bad_duration": "A space can be from five minutes to a day. How long should it be?",
    "setup.longest_short": "The longest space can't be shorter than your usual one, {duration}. What's the longest?",
    "setup.too_long_text": "That's a bit long for me to remember. Could you say it in a few words?",
    "setup.not_a_name": "That didn't sound like a name. What name should I use?",
    "pact.names_two": "Your pact is between {a} and {b}.",
    "pact.names_one": "Your pact knows {a} so far.",
    "pact.space_signal": "When one of you needs a pause, your signal is: {signal}.",
    "pact.connection_signal": "When one of you needs connection, your signal is: {signal}.",
    "pact.spaces": "Your usual space is {default}, and the longest is {longest}.",
    "pact.reflection": "Your nightly reflection is at {time}.",
    "pact.shared": "It's shared between your two Alexa accounts.",
    "pact.none": "You haven't set up a pact yet, so I use the usual: twenty minutes of space, and never more than a day. Say: set up our pact, to make it yours.",
    "change.default": "Done. Your usual space is now {duration}.",
    "change.default_lowered": "Your usual space is now {duration} too.",
    "change.longest": "Done. The longest space is now {duration}.",
    "change.space_signal": "Done. Your space signal is now: {signal}.",
    "change.connection_signal": "Done. Your connection signal is now: {signal}.",
    "change.partner_name": "Done. I'll call your partner {name}.",
    "change.first_name": "Done. I'll call you {name}.",
    "change.nothing": "I didn't catch what to change. You can say, for example: make our default space thirty minutes.",
    # A one-sentence change the skill refuses: said plainly, the session closed, no question.
    "change.bad_duration": "A space can be from five minutes to a day, so your pact stays as it was. You can say, for example: make our default space thirty minutes.",
    "change.too_long_text": "That's a bit long for me to remember, so your pact stays as it was. A few words work best.",
    "change.not_a_name": "That didn't sound like a name, so your pact stays as it was.",
    "change.not_saved": "I couldn't save that just now. Please try again in a moment.",
    "signal.unknown": "I heard a signal, but it isn't one in your pact.",
    "signal.none": "You haven't chosen signals yet. Say: set up our pact, to choose them.",
    # Names and partners.
    "name.voice": "Nice to meet you, {name}. I'll know your voice from now on.",
    "name.account": "Nice to meet you, {name}. If you share this device, an Alexa voice profile lets me tell you two apart.",
    "name.missing": "I didn't catch your name. Say, for example: this is Sam.",
    # "This is ridiculous" mid-fight is no name (pacts/names.py): nothing stored, space offered.
    "name.not_a_name": "I didn't take that as a name, so nothing changed. If things are heated, you can say: I need space.",
    "name.confirm": "Did you say your name is {name}?",
    "name.confirm_reprompt": "Is your name {name}? Yes or no?",
    "name.ask_again": "Okay. What's your first name?",
    "pair.code": "Here's your pairing code:",
    "pair.how": "On your partner's Alexa, say: Alexa, tell Pause Pact to join my partner's pact, and then the code. It works once, for the next ten minutes.",
    "pair.full": "Your pact is already shared by two accounts.",
    "join.ask_code": "What's the six-digit code your partner heard?",
    "join.ok": "You're connected. You two now share one pact.",
    "join.failed": "That code didn't work. Ask your partner to say: connect my partner, for a fresh one.",
    "join.already": "You're already sharing this pact.",
    "join.paused": "Too many codes didn't work, so joining is paused for a while. You can try again in {duration}.",
    "join.busy": "I can't connect accounts just now. Please try again in an hour.",
    "join.shared": "You already share a pact. To join another one, first say: leave the pact.",
    "join.pending": "Almost there. Your partner now opens Pause Pact on their Echo and says this number:",
    "join.pending_how": "It works for the next ten minutes. Nothing is shared until they say it.",
    "join.someone": "Someone used your pairing code to join your pact.",
    "join.someone_named": "{name} used your pairing code to join your pact.",
    "join.ask_number": "If that's your partner, what number did their Echo give them?",
    "join.confirmed": "Done. Your partner has joined, and you two now share one pact.",
    "join.mismatch": "That number doesn't match, so no one has joined your pact. If your partner still wants to join, say: connect my partner, for a fresh code.",
    "join.contested": "Two accounts used your pairing code, so I didn't connect either. If your partner still wants to join, say: connect my partner, for a fresh code.",
    "leave.confirm": "Leave the pact you share? Your partner keeps it, and you'll start fresh. Shall I go ahead?",
    "leave.alone": "You're not sharing a pact with anyone right now.",
    "leave.done": "Done. You've left the shared pact, and you'll start fresh.",
    "leave.cancelled": "Okay, you're still sharing your pact.",
    # How are we doing.
    "summary.none": "Nothing was recorded this week. When a hard moment comes, you can say: we're in the cycle again.",
    "summary.lead": "Here's your week, together.",
    "summary.cycles": "You named the cycle {times}.",
    "summary.spaces": "Space was taken {times}.",
    "summary.spaces_all_on_time": "Space was taken {times}, and each time you came back or checked in when you said you would.",
    "summary.spaces_some_on_time": "Space was taken {times}. Some returns took longer than planned, and coming back still counts; checking in at the return time keeps the pact too.",
    "summary.checked_in": "When more time was needed, you checked in {times}, and that keeps the pact.",
    "summary.connections": "Connection was asked for {times}.",
    "summary.reflections": "You reflected {times}.",
    "summary.praise": "Noticing the pattern together is how it loosens.",
    "summary.suggest_return": "One idea for next week: when you take space, set a return reminder, so coming back is easy.",
    "summary.suggest_signal": "One idea for next week: give your space signal early, while it's still easy to say calmly.",
    "summary.suggest_soft": "One idea for next week: when you need to talk, ask first. You could say: I have something to say. Are you free to listen? Then give them time to answer.",
    "summary.suggest_reflect": "One idea for next week: try a short reflection in the evening. Say: start tonight's reflection.",
    "summary.suggest_keep": "One idea for next week: keep naming the cycle out loud. It's the two of you against it.",
    "summary.not_loaded": "I couldn't look back at your week just now. Please ask me again in a moment.",
    # Your data.
    "delete.confirm": "This deletes your pact, its history and reflections for both of you, and the reminders I set. It can't be undone. Shall I delete it?",
    "delete.done": "Done. Everything Pause Pact kept for you is deleted.",
    "delete.failed": "I couldn't delete it just now, and nothing has changed. Please try again in a moment.",
    "delete.partial": "I deleted part of it, but not all yet. Please say: delete our data, again in a moment, and I'll finish.",
    "delete.partner_reminders": "Your partner's reminders are on their own Alexa account, so I couldn't cancel them. They stop when your partner says: stop the nightly reflection.",
    "reflection.partner_reminder": "The nightly reminder is on your partner's Alexa account, so only they can stop it: ask them to say, stop the nightly reflection. I've taken the time out of your pact.",
    "delete.cancelled": "Okay, I've kept everything as it is.",
    # Return reminders.
    "reminder.offer": "Want a reminder {when}?",
    "reminder.offer_relative": "Want a reminder in {duration}?",
    "reminder.offer_reprompt": "Shall I remind you when it's time to come back?",
    "reminder.set": "Done. I'll remind you {when}.",
    "reminder.set_relative": "Done. I'll remind you in {duration}.",
    "reminder.moved": "Your reminder moves with it.",
    "reminder.no_space": "There's no space running right now, so there's nothing to remind you of. If you need space, say: I need space.",
    "reminder.unavailable": "I couldn't set the reminder just now. Your space still stands: you'll come back to this {when}.",
    "reminder.unavailable_relative": "I couldn't set the reminder just now. Your space still stands: you'll come back to this in {duration}.",
    "reminder.denied": "That's all right, your space still stands. If you'd like reminders later, allow them for Pause Pact in the Alexa app. I've sent a card there.",
    "reminder.denied_plain": "That's all right. If you'd like reminders later, allow them for Pause Pact in the Alexa app. I've sent a card there.",
    "reminder.no_thanks": "Okay. Come back to it when the time comes, gently.",
    "reminder.cancelled": "Okay, no reminder.",
    "reminder.cancel_none": "There's no reminder to cancel.",
    "reminder.cancel_no_space": "There's no space running, so there's no reminder to cancel.",
    "reminder.cancel_partner": "That reminder is on your partner's Alexa, so only they can cancel it.",
    # The partner's own devices (Skill Messaging): names and times only, never what was said.
    "partner.who": "Your partner",
    "partner.who_inline": "your partner",
    "partner.return": "{who} heard you and will come back to this {when}. That's {left} from now.",
    "partner.reminder_text": (
        "{who} is coming back to your conversation now. Go gently, one small step at a time."
    ),
    "partner.no_permission": (
        "{who} hasn't allowed reminders from Pause Pact yet, so only you'll get one. "
        "They'll hear how to turn them on."
    ),
    "partner.permission_hint": (
        "To get a reminder on your own devices when {who} takes space, allow reminders for "
        "Pause Pact in the Alexa app. I've sent a card there."
    ),
    "partner.nightly_no_permission": (
        "{who} hasn't allowed reminders from Pause Pact yet, so the nightly reminder only comes "
        "to you. They'll hear how to turn them on."
    ),
    "partner.nightly_hint": (
        "To get the nightly reflection reminder on your own devices too, allow reminders for "
        "Pause Pact in the Alexa app. I've sent a card there."
    ),
    "reflection.scheduled_both": "Done. Every night at {time}, I'll invite you both to reflect together, here and on {who}'s devices.",
    "reflection.stopped_both": "Okay. I've stopped the nightly reflection for both of you.",
    "reminder.return_text": "It's time to come back to the conversation you paused. Come back even if you're not fully calm: say where you are, or set a new time.",
    # The nightly reflection.
    "reflection.reminder_text": "Time for your nightly reflection. Say: Alexa, tell Pause Pact to start tonight's reflection.",
    "reflection.scheduled": "Done. Every night at {time}, I'll invite you to reflect together.",
    "reflection.unavailable": "I've kept {time} as your reflection time, but I couldn't set the reminder just now. Please try again later.",
    "reflection.stopped": "Okay. I've stopped the nightly reflection.",
    "reflection.none": "There's no nightly reflection set. To start one, say: set our nightly reflection for nine thirty.",
    "reflection.what_time": "What time each night would you like to reflect?",
    "reflection.intro": "Let's look back at today, gently. Short answers are fine, and you can say skip.",
    "reflection.q.pause": "Today, when you wanted to follow your partner and settle it right away, did you pause first?",
    "reflection.q.signal": "Today, when you needed space, did you give a signal before stepping away?",
    "reflection.q.return": "When you took space, did you come back when you said you would?",
    "reflection.q.step": "What's one small step you could take toward each other tomorrow?",
    "reflection.q.appreciate": "What's one thing you appreciated about your partner today?",
    "reflection.q.need": "What did you need today that you didn't ask for?",
    "reflection.thanks": "Thank you.",
    "reflection.close": (
        "Thank you both. Noticing is how the cycle loosens.",
        "Thank you. Every small step counts, and you took some today.",
        "Thank you. Rest well; tomorrow is another chance to turn toward each other.",
    ),
    "reflection.not_saved": "I couldn't keep tonight's answers, but the reflecting still counts.",
    "setup.reflection_hint": "To be reminded each night, say: set our nightly reflection for {time}.",
    # Which side of the dance (the pattern check) and each person's playbook. A tendency under
    # stress, never a type; scripts for the partner are the speaker's own ("You could say").
    "pattern.intro": (
        "Let's look at what you tend to do when things get tense. It's a mirror, not a diagnosis. "
        "I'll read eight short statements; for each, say yes, no, or sometimes. You can also say "
        "repeat, go back, or stop."
    ),
    "pattern.first": "First:",
    "pattern.next": ("Next:", "Here's the next one:", "And this one:"),
    "pattern.halfway": "Halfway there. Next:",
    "pattern.last": "And the last one:",
    "pattern.again": "Again:",
    "pattern.went_back": "Okay, back one:",
    "pattern.at_first": "That's the first one:",
    "pattern.ask": "Yes, no, or sometimes?",
    "pattern.unclear": "I didn't catch that. You can answer yes, no, or sometimes.",
    "pattern.help": (
        "I'm reading eight statements about what you do under stress. Answer each one with yes, "
        "no, or sometimes. Say repeat to hear it again, go back to change your last answer, or "
        "stop to end without keeping anything."
    ),
    "pattern.stopped": "Okay, I've stopped the check, and I haven't kept any of your answers.",
    "pattern.item.talk_now": "When we disagree, I want to talk it through right away.",
    "pattern.item.go_quiet": "When things get heated, I go quiet or leave the room.",
    "pattern.item.follow": (
        "If my partner pulls back, I follow: another message, another question."
    ),
    "pattern.item.alone_when_pressed": (
        "When my partner presses me to talk, I mostly want to be left alone."
    ),
    "pattern.item.personal": "When my partner goes quiet, I take it personally.",
    "pattern.item.busy": (
        "After an argument, I settle myself by getting busy: work, my phone, or chores."
    ),
    "pattern.item.louder": "When I don't feel heard, I get louder or sharper until I do.",
    "pattern.item.keep_inside": "When we argue, I'd rather keep my feelings to myself.",
    "pattern.result.pursue": (
        "Under stress, you tend to pursue: when things feel distant, you move toward your "
        "partner to fix it fast. That comes from caring about the connection, and it can change."
    ),
    "pattern.result.distance": (
        "Under stress, you tend to distance: when things feel pressing, you step back to let "
        "them cool. That's a way of protecting the relationship too, and it can change."
    ),
    "pattern.result.both": (
        "Under stress, you do both: sometimes you move toward, sometimes you step back. Many "
        "people do, and it can change from one argument to the next."
    ),
    "pattern.result.neither": (
        "Under stress, neither side stands out strongly for you right now. That can change, "
        "and you can take the check again any time."
    ),
    "pattern.changed": (
        "That's a different side from last time, and that's all right: in this dance, roles "
        "can swap, and noticing it helps."
    ),
    "pattern.one_device": (
        "I've kept it for this Alexa account. If you two share this device, a voice profile "
        "lets me keep one for each of you."
    ),
    "pattern.not_saved": "I couldn't keep this result just now, but it still counts.",
    "pattern.offer": "Would you like your playbook: three practices for that side?",
    "pattern.offer_reprompt": "Shall I read your playbook?",
    "pattern.offer_declined": "Okay. Whenever you want it, say: what's my playbook.",
    "pattern.playbook.pursue": "Your playbook, for when you feel the pull to fix it now.",
    "pattern.playbook.distance": "Your playbook, for when you feel the pull to step away.",
    "pattern.playbook.both": "Your playbook, for both pulls.",
    "pattern.playbook.neither": "Your playbook: three practices that help anyone under stress.",
    "pattern.nth.1": "First:",
    "pattern.nth.2": "Second:",
    "pattern.nth.3": "Third:",
    "pattern.practice.wait_five": (
        "When you feel the urge to follow up right away, pause, and ask yourself: what would "
        "happen if I waited five minutes?"
    ),
    "pattern.practice.gentle_ask": (
        "Lower the intensity. You could say: I have something to say. Are you available to listen?"
    ),
    "pattern.practice.space_not_loss": (
        "Giving space isn't losing the relationship. It leaves room for your partner to come "
        "back on their own."
    ),
    "pattern.practice.signal": (
        "Before you step away, give a small signal. You could say: I need twenty minutes, but "
        "I heard you."
    ),
    "pattern.practice.return": (
        "Say when you'll come back, and come back then, even if you're not fully calm. Space is "
        "safe because it ends."
    ),
    "pattern.practice.small_step": (
        "When you feel like pulling back, take one small step toward instead: a warm word, or a "
        "hand on the shoulder."
    ),
    "pattern.playbook.close": "You can hear it again any time: say, what's my playbook.",
    "pattern.playbook.none": (
        "You haven't taken the pattern check yet. It's eight short statements. To start, say: "
        "take the pattern check."
    ),
    # The playbook in the moment: what the space, connection, back, reflection and summary
    # answers say when the speaker's side (or both partners') is known.
    "pattern.tip.space_distance": (
        "Your practice now: come back at that time, even if you're not fully calm. Coming back "
        "is what makes space safe."
    ),
    "pattern.tip.space_pursue": (
        "Stepping back when you'd rather settle it now is hard, and it helps. Let your body settle."
    ),
    "pattern.tip.waiting_pursue": (
        "Your practice while you wait: when the urge to reach out comes, ask yourself, what would "
        "happen if I waited five minutes? Giving space isn't losing each other. Would you like a "
        "short breathing pause meanwhile?"
    ),
    "pattern.tip.waiting_distance": (
        "Reaching toward is your small step, and it counts, even while you wait. Would you like a "
        "short breathing pause meanwhile?"
    ),
    "pattern.tip.connect_pursue": (
        "I hear that you need connection. Your practice: go gently. You could say: I have "
        "something to say. Are you available to listen? Then give your partner time to answer."
    ),
    "pattern.tip.connect_distance": (
        "I hear that you want to reconnect. Reaching toward is your small step, and it counts. "
        "A warm word is enough to start."
    ),
    "pattern.tip.back_distance": (
        "Coming back is your practice, and you just did it. Now one small step toward is "
        "enough: a warm word, or thanks for waiting."
    ),
    "pattern.tip.back_pursue": (
        "You gave it space, and that's not easy. Now start gently. You could say: I have "
        "something to say. Are you available to listen? Then give them time to answer."
    ),
    "pattern.pair.pursue_distance": (
        "Under stress, one of you tends to move toward and the other to step back. That's the "
        "dance, not either of you: a pause with a return time lets you both step out of it."
    ),
    "pattern.pair.both_pursue": (
        "Under stress, you both tend to move toward, so things can speed up fast. Five minutes "
        "before the next word helps you both."
    ),
    "pattern.pair.both_distance": (
        "Under stress, you both tend to step back, so things can go quiet for a long time. A "
        "return time, and one small step toward, help you both."
    ),
    "pattern.pair.mixed": (
        "Under stress, each of you moves in more than one way, and that can shift. Naming the "
        "cycle out loud keeps it the two of you against it."
    ),
    # The slow-motion conversation (intents/slow_motion.py). Alexa keeps time and asks the
    # checks; it never hears what the partners say to each other. Each step ends with a short
    # question, asked after a shared pause, so the room is quiet when the device listens.
    "slow.someone": "one of you",
    "slow.other": "the other",
    "slow.intro": (
        "Let's have a slow-motion conversation. I'll keep time and ask the checks. I won't "
        "listen to what you say to each other, and I keep none of it."
    ),
    "slow.how": (
        "Here's how it goes. One of you says one or two sentences about a feeling, not a charge. "
        "After a pause, the other says back what they heard. Then you swap."
    ),
    "slow.commands": (
        "If you finish early, say: Alexa, next. You can also say: again, slower, pause, "
        "I need space, or stop."
    ),
    "slow.first_named": "{who} speaks first today.",
    "slow.first_unnamed": "Choose, quietly, which one of you speaks first.",
    "slow.breathe": "First, one slow breath together.",
    "slow.intro_ask": "Ready to begin?",
    "slow.swap": "Thank you both. Now the roles swap.",
    "slow.speak_turn": "{who}, it's your turn to speak.",
    "slow.check_lead_speak": "Before you speak, ask yourself quietly:",
    "slow.check_lead_mirror": "Before you answer, ask yourself quietly:",
    "slow.check.feeling": "What am I feeling now?",
    "slow.check.differently": "Can I say this differently?",
    "slow.check.need": "What do I need?",
    "slow.speak_go": "Now say one or two sentences about what you feel. You might start with: I feel.",
    "slow.shared_pause": "Now a pause, both of you. Let the words land.",
    "slow.speak_ask": "{who}, ready to say back what you heard?",
    "slow.reprompt": "Say next when you're ready, or again to hear this step again.",
    "slow.mirror_turn": "{who}, now it's your turn to say back what you heard.",
    "slow.mirror_go": "In your own words, say back what you heard. You might start with: I heard you say.",
    "slow.short_pause": "And a pause.",
    "slow.mirror_ask": "{who}, was that it? Yes, or not quite?",
    "slow.mirror_reprompt": "{who}, was that what you meant? Yes, or not quite?",
    "slow.again_speak": "{who}, say it again, more slowly. Just one or two sentences.",
    "slow.again_mirror": "{who}, say back what you heard this time.",
    "slow.again_ask": "{who}, was that it this time? Yes, or not quite?",
    "slow.rest": "Being heard can take a few tries. Let's let this one rest for now, and go on.",
    "slow.again": "Once more, from the start of this step.",
    "slow.slower": "Slower, then.",
    "slow.slowest": "This is as slow as I go. Let's stay at this pace.",
    "slow.after_pause": "Now, back to where you were. Ready to take this step again?",
    "slow.after_pause_reprompt": "When you're ready to take this step again, say: next.",
    "slow.wait": "Take the time you need. When you're ready, say next. Ready now?",
    "slow.fallback": (
        "I'm only keeping time, so I didn't take that in. Say again to hear this step again. "
        "Ready for the next step?"
    ),
    "slow.help": (
        "This is your slow-motion conversation. Say next to go on, again to hear the step again, "
        "slower for more time, pause for a breathing pause, I need space for a break with a "
        "return time, or stop. Ready for the next step?"
    ),
    "slow.stopped": (
        "Okay, we'll stop here. Within the hour, you can pick up where you left off: say, "
        "continue our slow conversation."
    ),
    "slow.resume": "Welcome back. Let's pick up where you left off.",
    "slow.resume_none": (
        "There's no slow conversation from the last hour to pick up. Would you like to start "
        "a new one?"
    ),
    "slow.resume_none_reprompt": "Would you like to start a slow-motion conversation?",
    "slow.outside": (
        "There's no slow conversation running. To start one, say: let's have a slow-motion "
        "conversation."
    ),
    "slow.end_thanks": "Thank you both. That was a slow conversation, and you stayed in it.",
    "slow.end_step": (
        "To close, one small step toward each other: a warm word, a touch, or simply: "
        "thank you for listening."
    ),
    "slow.end_time": "It took you {duration}, slowly, together.",
    "slow.screen_intro": "A slow-motion conversation",
    "slow.screen_breathe": "One slow breath together",
    "slow.screen_speak": "{who} speaks",
    "slow.screen_mirror": "{who} says back what they heard",
    "slow.screen_again": "{who} says it again, more slowly",
    "slow.screen_minutes": "min",
    "slow.offer_resume": (
        "You were in the middle of a slow conversation. Would you like to pick it up where you "
        "left off?"
    ),
    "slow.offer_resume_reprompt": "Would you like to pick up your slow conversation?",
    "slow.hint": (
        "When you're both ready to talk it through, you can say: let's have a slow-motion "
        "conversation."
    ),
    "reflection.q.slow": (
        "Today you slowed a conversation down. What did you notice when you went slowly?"
    ),
    "summary.slow": "You had a slow-motion conversation {times}.",
    # Practising the pact while things are calm.
    "drill.intro": (
        "Let's practice your pact while things are calm. It takes about two minutes. Saying the "
        "words out loud now makes them come easily when it matters."
    ),
    "drill.space_signal": "{who}, say your space signal out loud: {signal}.",
    "drill.space": "{who}, say out loud: I need {duration}, but I heard you.",
    "drill.space_answer": "{who}, answer as your pact says: Okay. I'll be here when you come back.",
    "drill.connection_signal": "{who}, now say your connection signal: {signal}.",
    "drill.connection": "{who}, now say: I have something to say. Are you available to listen?",
    "drill.connection_answer": (
        "{who}, answer as your pact says: Yes, I'm listening. Or, if you need a pause: I need "
        "{duration}, but I heard you."
    ),
    "drill.swap": "Now swap.",
    "drill.swap_ask": "Ready to swap?",
    "drill.done_ask": "Ready to finish?",
    "drill.reprompt": "Say next when you're ready.",
    "drill.wait": "Take your time. Say next when you're ready.",
    "drill.fallback": "I'm only keeping time for your practice. Say next when you're ready.",
    "drill.stopped": "Okay, we'll stop the practice here. Well done for trying it.",
    "drill.end": (
        "That's your pact, said out loud by both of you. When a hard moment comes, the words "
        "will be there."
    ),
    "pact.unreadable": "I couldn't reach your pact just now, so I can't say. Please ask me again in a moment. If you need space meanwhile, say: I need space.",
    "pact.not_reached": "I couldn't reach your pact just now, so nothing has changed. Please try again in a moment.",
    "space.not_reached": "I couldn't reach your pact just now, so please keep that time in mind.",
    "not_saved": "I couldn't write this down just now, so please keep the time in mind.",
    "not_saved_soft": "I couldn't note this one down just now, and that's all right.",
    "error": (
        "I'm having a little trouble, but I'm still here. If you need space, take twenty minutes, "
        "and come back to this then."
    ),
}


class Phrases:
    """The words for one locale; `seed` keeps a turn's choice of variants stable."""

    def __init__(self, locale: str | None, seed: str = "") -> None:
        self.catalog = catalog_for(locale, EN)
        self.seed = seed

    def get(self, key: str, **fields: str) -> str:
        entry = self.catalog[key]
        if isinstance(entry, tuple):
            digest = hashlib.sha256(f"{self.seed}:{key}".encode()).digest()
            entry = entry[digest[0] % len(entry)]
        return entry.format(**fields) if fields else entry
