"""Spanish: the base table, neutral Latin American (es-US and es-MX use it; es-ES overrides).

How it addresses people, and why:
- *tú* to the person speaking. Alexa's own Spanish persona tutea in every Spanish market, and in
  a heated moment *usted* sounds like a clinic or a bank; a tool a couple invites into its
  kitchen at the worst moment should sound like a calm friend.
- *ustedes* to the couple here; es-ES says *vosotros* (speech/locales/es_es.py). The two
  differ in every plural verb and possessive ("pueden" / "podéis", "su pacto" / "vuestro
  pacto"), so plural address is kept to the places where English addresses both of them.
- No gendered adjective for the person or the couple: the skill cannot know who is speaking,
  and a same-sex couple must never be misgendered. "Qué bueno que volviste" rather than
  "Bienvenido", "cuando quieras" rather than "cuando estés listo", "en equipo" rather than
  "juntos", "cada quien" rather than "cada uno".
- Latin American past tense (pretérito: "te escuché", "cambié"); es-ES uses the perfect
  ("te he escuchado") for what happened just now.
- Words for the skill's ideas: "espacio" (space), "pausa", "el ciclo", "conexión". Not "un
  tiempo": between partners "necesito un tiempo" means a break from the relationship.
- Times come as "a las 8:45 de la noche" (speech/formatting.py); clock fields carry their
  article, so phrases say "a {time}", and "{left}" is said as "dentro de {left}" so that
  "una hora" and "20 minutos" both agree.
"""

from __future__ import annotations

from typing import Final

from speech.locales.table import Entry

ES: Final[dict[str, Entry]] = {
    # Space: the first sentence carries the whole job.
    "space.heard": "Te escuché{name}. Vuelves a la conversación {when}.",
    "space.heard_relative": "Te escuché{name}. Vuelves a la conversación en {duration}.",
    "space.moved": "Te escuché{name}, y cambié tu regreso: vuelves a la conversación {when}.",
    "space.moved_relative": (
        "Te escuché{name}, y cambié tu regreso: vuelves a la conversación en {duration}."
    ),
    # "Te escuché" lo dice quien se aparta a quien se queda: con nombre, se dice así, a los dos.
    "space.heard_named": "{name} te escuchó y vuelve a la conversación {when}.",
    "space.heard_named_relative": "{name} te escuchó y vuelve a la conversación en {duration}.",
    "space.moved_named": "{name} te escuchó y ahora vuelve a la conversación {when}.",
    "space.moved_named_relative": (
        "{name} te escuchó y ahora vuelve a la conversación en {duration}."
    ),
    "space.short_why": (
        "Si puedes, la próxima vez que sean veinte minutos: es lo que tarda el cuerpo en calmarse."
    ),
    "space.too_long": (
        "Ese es el espacio más largo que permite su pacto; el espacio funciona mejor con "
        "un regreso."
    ),
    "space.unreadable": "No entendí cuánto tiempo, así que usé tu espacio habitual de {duration}.",
    "space.aftercare": (
        "Deja que tu cuerpo se calme. Cuando vuelvas, basta con un pequeño paso.",
        "La conversación puede esperar hasta entonces, y tu hora de volver también.",
        "Respira despacio. El espacio es seguro porque vas a volver.",
    ),
    "space.no_clock": (
        "No pude consultar la hora de tu dispositivo, así que tengan esa hora presente."
    ),
    # Cycle and grounding.
    "cycle.name": (
        "Esto es el ciclo, no son ustedes. Son ustedes dos contra el ciclo, "
        "así que vamos a frenarlo en equipo."
    ),
    "grounding.start": "Hagamos una pausa. Deja caer los hombros y apoya los pies en el suelo.",
    "grounding.in": "Inhala despacio,",
    "grounding.out": "y suelta el aire, lento y largo.",
    "grounding.in_short": "Inhala,",
    "grounding.out_short": "y exhala.",
    "grounding.end": "Bien. Fíjate cómo se siente tu cuerpo ahora.",
    "grounding.together.start": (
        "Hagamos una pausa. Dejen caer los hombros y apoyen los pies en el suelo."
    ),
    "grounding.together.in": "Inhalen despacio,",
    "grounding.together.out": "y suelten el aire, lento y largo.",
    "grounding.together.in_short": "Inhalen,",
    "grounding.together.out_short": "y exhalen.",
    "grounding.together.end": "Bien. Fíjense cómo se siente su cuerpo ahora.",
    "slow.question": (
        "Ahora, en silencio, que cada quien se pregunte: ¿qué estoy sintiendo ahora?",
        "Ahora, en silencio, que cada quien se pregunte: ¿puedo decir esto de otra manera?",
        "Ahora, en silencio, que cada quien se pregunte: ¿qué necesito?",
    ),
    "cycle.offer": "Cuando quieran, pueden elegir espacio, conexión u otra pausa.",
    "cycle.reprompt": "¿Quieren espacio, conexión u otra pausa?",
    "grounding.after": "Si después necesitas espacio o conexión, solo dímelo.",
    "grounding.reprompt": "¿Quieres espacio, conexión u otra pausa?",
    # Connection: the pursuer's side.
    "connection.waiting": (
        "Entiendo que necesitas conexión{name}. {who} se está tomando un espacio y vuelve "
        "{when}, dentro de {left}."
    ),
    "connection.waiting_relative": (
        "Entiendo que necesitas conexión{name}. {who} se está tomando un espacio y vuelve "
        "en {left}."
    ),
    "connection.own_space": (
        "Eres tú quien se está tomando un espacio, hasta {until}. "
        "Cuando quieras volver a conectar, di: ya volví."
    ),
    "connection.your_partner": "Tu pareja",
    "connection.wait_help": (
        "Esperar es difícil. Pregúntate: ¿qué pasaría si espero cinco minutos? "
        "¿Quieres una breve pausa para respirar mientras esperas?"
    ),
    "connection.wait_long": (
        "Todavía falta un buen rato, y esperar cuesta. Dar espacio no es perderse: aprovecha "
        "para hacer algo que te calme, como caminar un poco o tomar un vaso de agua. "
        "¿Quieres una breve pausa para respirar ahora?"
    ),
    "connection.soft_start": (
        "Entiendo que necesitas conexión. Podrías decirle: tengo algo que decirte, "
        "¿puedes escucharme? Y deja que tu pareja responda a su tiempo."
    ),
    "connection.reprompt": "¿Quieres una breve pausa para respirar?",
    # Return time.
    "return.running": "Quedaron en volver a la conversación {when}. Es dentro de {left}.",
    "return.running_named": "{who} se está tomando un espacio hasta {until}. Es dentro de {left}.",
    "return.running_relative": "Quedaron en volver a la conversación en {left}.",
    "return.ended": "Tu espacio terminó {when}. Es hora de volver, aunque no estés del todo en calma: di, ya volví, o date una hora nueva.",
    "return.ended_relative": "Tu espacio ya terminó. Es hora de volver, aunque no estés del todo en calma: di, ya volví, o date una hora nueva.",
    "return.none": (
        "Ahora no hay ningún espacio en curso. Si alguien necesita una pausa, basta con decir: "
        "necesito espacio."
    ),
    # Back. Every verdict starts with back.none: the handler drops it after back.named.
    "back.on_time": (
        "Qué bueno que volviste. Volviste cuando dijiste que lo harías, y eso construye confianza."
    ),
    "back.late": (
        "Qué bueno que volviste. Tardaste un poco más de lo previsto, y volver sigue importando."
    ),
    "back.early": "Qué bueno que volviste. Volviste un poco antes de la hora: fíjate cómo está tu cuerpo y, si el corazón sigue acelerado, respira despacio unas veces antes de empezar.",
    "back.none": "Qué bueno que volviste.",
    "back.partner": "Tu pareja",
    "back.not_yours": (
        "{who} se está tomando un espacio hasta {until}, dentro de {left}. Solo esa persona "
        "puede terminarlo, diciendo: ya volví."
    ),
    "back.not_yours_relative": (
        "{who} se está tomando un espacio; faltan {left}. Solo esa persona puede terminarlo, "
        "diciendo: ya volví."
    ),
    "back.not_yours_ended": (
        "{who} tenía espacio hasta {when}. Solo esa persona puede cerrarlo, diciendo: ya volví."
    ),
    "back.not_yours_ended_relative": (
        "{who} tenía un espacio que ya terminó. Solo esa persona puede cerrarlo, diciendo: "
        "ya volví."
    ),
    "back.wait_offer": "Mientras esperas, ¿quieres hacer una pausa breve para respirar?",
    "return.came_back": "{who} volvió {when}.",
    # Avisar a la hora de volver: "todavía no", "necesito más tiempo", "dame diez minutos más".
    "checkin.moved": "Gracias por avisar{name}. Vuelves a la conversación {when}.",
    "checkin.moved_relative": "Gracias por avisar{name}. Vuelves a la conversación en {duration}.",
    "checkin.capped": (
        "Hasta ahí puede llegar este espacio: el espacio funciona mejor con un regreso."
    ),
    "checkin.after": "Cuando llegue la hora, di: ya volví, o avísame otra vez.",
    "checkin.day_over": (
        "Este espacio ya lleva un día entero, y es lo más que puede durar. Es hora de volver, "
        "aunque no estés del todo en calma: di, ya volví."
    ),
    "checkin.not_yours": (
        "{who} se está tomando un espacio hasta {until}, y solo esa persona puede cambiar esa hora."
    ),
    "checkin.not_yours_relative": (
        "{who} se está tomando un espacio; faltan {left}, y solo esa persona puede cambiar "
        "esa hora."
    ),
    "checkin.not_yours_ended": (
        "{who} tenía espacio hasta {when}. Solo esa persona puede darse más tiempo o cerrarlo."
    ),
    "checkin.not_yours_ended_relative": (
        "{who} tenía un espacio que ya terminó. Solo esa persona puede darse más tiempo o cerrarlo."
    ),
    "return.came_back_relative": "{who} volvió hace un rato.",
    "back.named": "Qué bueno que volviste, {name}.",
    "back.step": (
        "Un pequeño paso para acercarse: una palabra cálida, un gesto de cariño o, simplemente, "
        "gracias por esperar.",
        "Prueba empezar con suavidad. Podrías decir: ya tuve tiempo de calmarme, ¿lo "
        "intentamos otra vez, despacio? Y dale tiempo para responder.",
        "Con un pequeño paso basta: dile a tu pareja una cosa que le escuchaste decir.",
    ),
    # Safety: no coaching. The lines and their numbers come from pacts/hotlines.py; each
    # market (es_us, es_es, es_mx) names its own services.
    "safety.emergency": "Si estás en peligro, llama al",
    "safety.dv": "Si vives violencia en casa, llama al",
    "safety.dv_text": "o manda un mensaje al",
    "safety.crisis": "Si piensas hacerte daño, llama o escribe al",
    "safety.repeat": "Para oírlo otra vez, di: repite.",
    "safety.others_lead": "Sal de la habitación ahora y pon una puerta de por medio.",
    "safety.others_emergency": "Si alguien está en peligro, llama al",
    "safety.others_crisis": "Para hablarlo ahora con alguien, llama o escribe al",
    "safety.card_title": "Números útiles",
    "safety.check": "¿Estás a salvo en este momento?",
    "safety.glad": "Me alegra. Si eso cambia, di: no estoy a salvo.",
    "safety.line": "Si alguna vez no te sientes a salvo, di: no estoy a salvo.",
    "safety.for_whom": "Pacto de Pausa es para discusiones en las que los dos se sienten a salvo.",
    # Launch, help, fallback, goodbye.
    "launch.welcome": (
        "Pacto de Pausa está aquí. En un momento difícil puedes decir: necesito espacio, "
        "estamos otra vez en el ciclo, o ayúdame a calmarme."
    ),
    "launch.reprompt": "¿Qué necesitas ahora mismo?",
    "help": (
        "Pacto de Pausa les ayuda a frenar el ciclo de perseguir y alejarse, si los dos se "
        "sienten a salvo. Di: necesito espacio, y te digo cuándo vuelves, o di: estamos otra vez "
        "en el ciclo. Si no te sientes a salvo, di: no estoy a salvo. ¿Qué necesitas?"
    ),
    "fallback": (
        "No te entendí. Puedes decir: necesito espacio, estamos otra vez en el ciclo, "
        "o cuándo volvemos."
    ),
    "goodbye": "Está bien. Trátense con cariño.",
    # The pact: set-up, read-back, single changes, signals.
    "setup.confirm_lead": "Este es su pacto.",
    "setup.confirm_ask": "¿Lo guardo?",
    "setup.saved": "Su pacto está guardado. Cuando llegue un momento difícil, lo voy a respetar.",
    "setup.denied": "Está bien, no cambié su pacto.",
    "setup.bad_duration": (
        "Un espacio puede durar de cinco minutos a un día. ¿Cuánto debería durar?"
    ),
    "setup.longest_short": (
        "El espacio más largo no puede ser más corto que el habitual, {duration}. "
        "¿Cuál es el más largo?"
    ),
    "setup.too_long_text": "Es un poco largo para recordarlo. ¿Puedes decirlo en pocas palabras?",
    "setup.not_a_name": "Eso no me sonó a nombre. ¿Qué nombre uso?",
    # "une a {a} con {b}": no "y", which would have to become "e" before a name like Isabel.
    "pact.names_two": "Su pacto une a {a} con {b}.",
    "pact.names_one": "Por ahora, su pacto conoce a {a}.",
    "pact.space_signal": "Cuando alguien necesita una pausa, la señal es: {signal}.",
    "pact.connection_signal": "Cuando alguien necesita conexión, la señal es: {signal}.",
    "pact.spaces": "El espacio habitual es de {default}, y el más largo, de {longest}.",
    "pact.reflection": "La reflexión de cada noche es a {time}.",
    "pact.shared": "Está compartido entre dos cuentas de Alexa.",
    "pact.none": (
        "Todavía no hay un pacto, así que uso lo habitual: veinte minutos de espacio, y nunca "
        "más de un día. Para hacerlo a su medida, di: configura nuestro pacto."
    ),
    "change.default": "Listo. El espacio habitual ahora es de {duration}.",
    "change.default_lowered": "El espacio habitual ahora también es de {duration}.",
    "change.longest": "Listo. El espacio más largo ahora es de {duration}.",
    "change.space_signal": "Listo. La señal de espacio ahora es: {signal}.",
    "change.connection_signal": "Listo. La señal de conexión ahora es: {signal}.",
    "change.partner_name": "Listo. A tu pareja la voy a llamar {name}.",
    "change.first_name": "Listo. Te voy a llamar {name}.",
    "change.nothing": (
        "No entendí qué cambiar. Puedes decir, por ejemplo: cambia nuestro espacio habitual a "
        "treinta minutos."
    ),
    "change.bad_duration": (
        "Un espacio puede durar de cinco minutos a un día, así que el pacto queda como estaba. "
        "Puedes decir, por ejemplo: cambia nuestro espacio habitual a treinta minutos."
    ),
    "change.too_long_text": (
        "Es un poco largo para recordarlo, así que el pacto queda como estaba. Con pocas "
        "palabras funciona mejor."
    ),
    "change.not_a_name": "Eso no me sonó a nombre, así que el pacto queda como estaba.",
    "change.not_saved": "No pude guardarlo ahora mismo. Inténtalo de nuevo en un momento.",
    "signal.unknown": "Escuché una señal, pero no está en el pacto.",
    "signal.none": (
        "Todavía no hay señales en el pacto. Para elegirlas, di: configura nuestro pacto."
    ),
    # Names and partners.
    "name.voice": "Un placer conocerte, {name}. A partir de ahora reconoceré tu voz.",
    "name.account": (
        "Un placer conocerte, {name}. Si comparten este dispositivo, un perfil de voz de Alexa "
        "me permite distinguir sus voces."
    ),
    "name.missing": "No entendí tu nombre. Di, por ejemplo: soy Sam.",
    "name.not_a_name": (
        "Eso no lo tomé como un nombre, así que no cambié nada. Si la cosa se está poniendo "
        "tensa, puedes decir: necesito espacio."
    ),
    "name.confirm": "¿Dijiste que te llamas {name}?",
    "name.confirm_reprompt": "¿Te llamas {name}? ¿Sí o no?",
    "name.ask_again": "De acuerdo. ¿Cómo te llamas?",
    "pair.code": "Este es el código para vincular:",
    "pair.how": (
        "Desde su propia cuenta de Alexa, tu pareja puede decir: Alexa, dile a Pacto de Pausa "
        "que quiero unirme al pacto de mi pareja, y después el código. Funciona una sola vez, "
        "durante los próximos diez minutos."
    ),
    "pair.full": "Este pacto ya está compartido entre dos cuentas.",
    "join.ask_code": "¿Cuál es el código de seis dígitos que escuchó tu pareja?",
    "join.ok": "Listo: la conexión está hecha. Ahora comparten un solo pacto.",
    "join.failed": (
        "Ese código no funcionó. Pídele a tu pareja que diga: conecta a mi pareja, "
        "para recibir uno nuevo."
    ),
    "join.already": "Ya comparten este pacto.",
    "join.paused": (
        "Se probaron demasiados códigos que no funcionaron, así que por un rato no puedes "
        "unirte a un pacto. Podrás intentarlo de nuevo en {duration}."
    ),
    "join.busy": "Ahora mismo no puedo conectar cuentas. Inténtalo de nuevo en una hora.",
    "join.shared": "Ya compartes un pacto. Para unirte a otro, primero di: deja el pacto.",
    "join.pending": (
        "Ya casi está. Ahora tu pareja abre Pacto de Pausa en su Echo y dice este número:"
    ),
    "join.pending_how": (
        "Sirve durante los próximos diez minutos. No se comparte nada hasta que lo diga."
    ),
    "join.someone": "Alguien usó tu código para unirse a tu pacto.",
    "join.someone_named": "{name} usó tu código para unirse a tu pacto.",
    "join.ask_number": "Si es tu pareja, ¿qué número le dio su Echo?",
    "join.confirmed": "Listo. Tu pareja se unió, y ahora comparten un solo pacto.",
    "join.mismatch": (
        "Ese número no coincide, así que nadie se unió a tu pacto. Si tu pareja todavía quiere "
        "unirse, di: conecta a mi pareja, para recibir un código nuevo."
    ),
    "join.contested": (
        "Dos cuentas usaron tu código, así que no conecté a ninguna. Si tu pareja todavía quiere "
        "unirse, di: conecta a mi pareja, para recibir un código nuevo."
    ),
    "leave.confirm": (
        "¿Quieres dejar el pacto que comparten? Tu pareja lo conserva y tú empiezas de cero. "
        "¿Sigo adelante?"
    ),
    "leave.alone": "Ahora mismo no compartes un pacto con nadie.",
    "leave.done": "Listo. Dejaste el pacto compartido y empiezas de cero.",
    "leave.cancelled": "De acuerdo, el pacto sigue compartido.",
    # How are we doing.
    "summary.none": (
        "No se registró nada esta semana. Cuando llegue un momento difícil, puedes decir: "
        "estamos otra vez en el ciclo."
    ),
    "summary.lead": "Esta es su semana en pareja.",
    "summary.cycles": "Nombraron el ciclo {times}.",
    "summary.spaces": "Se tomó espacio {times}.",
    "summary.spaces_all_on_time": (
        "Se tomó espacio {times}, y cada vez volvieron o avisaron a la hora acordada."
    ),
    "summary.spaces_some_on_time": (
        "Se tomó espacio {times}. Algunos regresos tardaron más de lo previsto, y volver sigue "
        "contando; avisar a la hora de volver también es cumplir el pacto."
    ),
    "summary.checked_in": (
        "Cuando hizo falta más tiempo, avisaron {times}, y eso también es cumplir el pacto."
    ),
    "summary.connections": "Se pidió conexión {times}.",
    "summary.reflections": "Reflexionaron {times}.",
    "summary.praise": "Notar el patrón en pareja es lo que lo va aflojando.",
    "summary.suggest_return": (
        "Una idea para la próxima semana: cuando te tomes un espacio, pon un recordatorio de "
        "regreso; así volver es más fácil."
    ),
    "summary.suggest_signal": (
        "Una idea para la próxima semana: usa la señal de espacio pronto, cuando todavía es "
        "fácil decirla con calma."
    ),
    "summary.suggest_soft": (
        "Una idea para la próxima semana: cuando necesites hablar, pregunta primero. Podrías "
        "decir: tengo algo que decirte, ¿puedes escucharme? Y dale tiempo para responder."
    ),
    "summary.suggest_reflect": (
        "Una idea para la próxima semana: prueba una breve reflexión por la noche. Di: empieza "
        "la reflexión de esta noche."
    ),
    "summary.suggest_keep": (
        "Una idea para la próxima semana: sigan nombrando el ciclo en voz alta. "
        "Son ustedes dos contra él."
    ),
    "summary.not_loaded": (
        "No pude revisar la semana ahora mismo. Pregúntame otra vez en un momento."
    ),
    # Your data.
    "delete.confirm": (
        "Esto borra el pacto, el historial y las reflexiones de la pareja, y los recordatorios "
        "que programé. No se puede deshacer. ¿Lo borro?"
    ),
    "delete.done": "Listo. Se borró todo lo que Pacto de Pausa guardaba.",
    "delete.failed": (
        "No pude borrarlo ahora mismo, y nada cambió. Inténtalo de nuevo en un momento."
    ),
    "delete.partial": (
        "Borré una parte, pero todavía no todo. En un momento, di otra vez: borra nuestros "
        "datos, y lo termino."
    ),
    "delete.partner_reminders": (
        "Los recordatorios de tu pareja están en su propia cuenta de Alexa, así que no pude "
        "cancelarlos. Se detienen cuando tu pareja diga: detén la reflexión de cada noche."
    ),
    "reflection.partner_reminder": (
        "El recordatorio de cada noche está en la cuenta de Alexa de tu pareja, así que solo esa "
        "persona puede detenerlo: pídele que diga, detén la reflexión de cada noche. Ya quité la "
        "hora de su pacto."
    ),
    "delete.cancelled": "De acuerdo, dejé todo como estaba.",
    # Return reminders.
    "reminder.offer": "¿Quieres un recordatorio {when}?",
    "reminder.offer_relative": "¿Quieres un recordatorio en {duration}?",
    "reminder.offer_reprompt": "¿Te aviso cuando sea hora de volver?",
    "reminder.set": "Listo. Te aviso {when}.",
    "reminder.set_relative": "Listo. Te aviso en {duration}.",
    "reminder.moved": "Tu recordatorio también cambia de hora.",
    "reminder.no_space": (
        "Ahora no hay ningún espacio en curso, así que no hay nada que recordarte. "
        "Si necesitas espacio, di: necesito espacio."
    ),
    "reminder.unavailable": (
        "No pude poner el recordatorio ahora mismo. Tu espacio sigue en pie: vuelves a la "
        "conversación {when}."
    ),
    "reminder.unavailable_relative": (
        "No pude poner el recordatorio ahora mismo. Tu espacio sigue en pie: vuelves a la "
        "conversación en {duration}."
    ),
    "reminder.denied": (
        "No pasa nada, tu espacio sigue en pie. Si más adelante quieres recordatorios, "
        "actívalos para Pacto de Pausa en la app de Alexa. Te envié una tarjeta allí."
    ),
    "reminder.denied_plain": (
        "No pasa nada. Si más adelante quieres recordatorios, actívalos para Pacto de Pausa en "
        "la app de Alexa. Te envié una tarjeta allí."
    ),
    "reminder.no_thanks": "De acuerdo. Vuelve a la conversación cuando llegue la hora, con calma.",
    "reminder.cancelled": "De acuerdo, sin recordatorio.",
    "reminder.cancel_none": "No hay ningún recordatorio que cancelar.",
    "reminder.cancel_no_space": "Ahora no hay ningún espacio en marcha, así que no hay recordatorio que cancelar.",
    "reminder.cancel_partner": "Ese recordatorio está en el Alexa de tu pareja: solo tu pareja puede cancelarlo.",
    "partner.who": "Tu pareja",
    "partner.who_inline": "tu pareja",
    "partner.return": "{who} te escuchó y va a volver a esta conversación {when}. Es dentro de {left}.",
    "partner.reminder_text": (
        "{who} ya vuelve a la conversación que dejaron en pausa. Con calma, un pequeño paso a la "
        "vez."
    ),
    "partner.no_permission": (
        "{who} todavía no activó los recordatorios de Pacto de Pausa, así que solo te va a llegar "
        "a ti. Le voy a explicar cómo activarlos."
    ),
    "partner.permission_hint": (
        "Para que te llegue un recordatorio en tus propios dispositivos cuando {who} se tome un "
        "espacio, activa los recordatorios de Pacto de Pausa en la app de Alexa. Te envié una "
        "tarjeta allí."
    ),
    "partner.nightly_no_permission": (
        "{who} todavía no activó los recordatorios de Pacto de Pausa, así que el de cada noche "
        "solo te va a llegar a ti. Le voy a explicar cómo activarlos."
    ),
    "partner.nightly_hint": (
        "Para que el recordatorio de la reflexión de cada noche te llegue también a tus "
        "dispositivos, activa los recordatorios de Pacto de Pausa en la app de Alexa. Te envié "
        "una tarjeta allí."
    ),
    "reflection.scheduled_both": (
        "Listo. Cada noche, a {time}, les propondré reflexionar en pareja, aquí y en los "
        "dispositivos de {who}."
    ),
    "reflection.stopped_both": "De acuerdo. Detuve la reflexión de cada noche para los dos.",
    "reminder.return_text": (
        "Es hora de volver a la conversación en pausa. Vuelve aunque no estés del todo en "
        "calma: di cómo estás, o pon una hora nueva."
    ),
    # The nightly reflection.
    "reflection.reminder_text": (
        "Es hora de la reflexión de cada noche. Di: Alexa, pide a Pacto de Pausa que empiece "
        "la reflexión de esta noche."
    ),
    "reflection.scheduled": (
        "Listo. Cada noche, a {time}, les propondré un momento para reflexionar en pareja."
    ),
    "reflection.unavailable": (
        "Guardé {time} como la hora de reflexión, pero no pude poner el recordatorio ahora "
        "mismo. Inténtalo más tarde."
    ),
    "reflection.stopped": "De acuerdo. Detuve la reflexión de cada noche.",
    "reflection.none": (
        "No hay una reflexión nocturna programada. Para empezar una, di: programa nuestra "
        "reflexión de cada noche a las nueve y media."
    ),
    "reflection.what_time": "¿A qué hora quieres la reflexión cada noche?",
    "reflection.intro": (
        "Miremos el día de hoy con calma. Las respuestas cortas están bien, y puedes decir: paso."
    ),
    "reflection.q.pause": (
        "Hoy, cuando quisiste ir detrás de tu pareja para resolverlo ya, ¿hiciste una pausa "
        "primero?"
    ),
    "reflection.q.signal": "Hoy, cuando necesitaste espacio, ¿diste una señal antes de alejarte?",
    "reflection.q.return": "Cuando te tomaste un espacio, ¿volviste cuando dijiste que lo harías?",
    "reflection.q.step": "¿Qué pequeño paso podrías dar mañana para acercarte a tu pareja?",
    "reflection.q.appreciate": "¿Qué es algo que apreciaste hoy de tu pareja?",
    "reflection.q.need": "¿Qué necesitaste hoy que no pediste?",
    "reflection.thanks": "Gracias.",
    "reflection.close": (
        "Gracias de corazón. Darse cuenta es lo que afloja el ciclo.",
        "Gracias. Cada pequeño paso cuenta, y hoy dieron algunos.",
        "Gracias. Descansen; mañana es otra oportunidad para acercarse.",
    ),
    "reflection.not_saved": (
        "No pude guardar las respuestas de esta noche, pero reflexionar igual cuenta."
    ),
    "setup.reflection_hint": (
        "Para que te lo recuerde cada noche, di: programa nuestra reflexión de cada noche a {time}."
    ),
    # De qué lado del baile: la prueba del patrón y la guía de cada quien. Una tendencia bajo
    # estrés, nunca un tipo; lo que la persona podría decirle a su pareja es suyo ("Podrías decir").
    "pattern.intro": (
        "Veamos qué sueles hacer cuando las cosas se ponen tensas. Es un espejo, no un "
        "diagnóstico. Te voy a leer ocho frases cortas; a cada una responde sí, no o a veces. "
        "También puedes decir: repite, atrás o para."
    ),
    "pattern.first": "La primera:",
    "pattern.next": ("Siguiente:", "Va la siguiente:", "Y esta:"),
    "pattern.halfway": "Vamos a la mitad. Siguiente:",
    "pattern.last": "Y la última:",
    "pattern.again": "Otra vez:",
    "pattern.went_back": "De acuerdo, volvamos a la anterior:",
    "pattern.at_first": "Esta es la primera:",
    "pattern.ask": "¿Sí, no o a veces?",
    "pattern.unclear": "No te entendí. Puedes responder sí, no o a veces.",
    "pattern.help": (
        "Te leo ocho frases sobre lo que haces bajo estrés. Responde a cada una con sí, no o a "
        "veces. Di repite para oírla otra vez, atrás para cambiar tu última respuesta, o para, "
        "si quieres terminar sin guardar nada."
    ),
    "pattern.stopped": "De acuerdo, detuve la prueba y no guardé ninguna de tus respuestas.",
    "pattern.item.talk_now": "Cuando no estamos de acuerdo, quiero hablarlo en ese mismo momento.",
    "pattern.item.go_quiet": (
        "Cuando la discusión se calienta, me quedo en silencio o me salgo del cuarto."
    ),
    "pattern.item.follow": "Si mi pareja se aleja, insisto: un mensaje más, una pregunta más.",
    "pattern.item.alone_when_pressed": (
        "Cuando mi pareja me presiona para hablar, lo que más quiero es que me dejen en paz."
    ),
    "pattern.item.personal": (
        "Cuando mi pareja se queda en silencio, me lo tomo como algo personal."
    ),
    "pattern.item.busy": (
        "Después de una discusión, me calmo poniéndome a hacer cosas: el trabajo, el celular o "
        "la casa."
    ),
    "pattern.item.louder": (
        "Cuando siento que no me escuchan, hablo más fuerte o más cortante hasta que lo consigo."
    ),
    "pattern.item.keep_inside": "Cuando discutimos, prefiero guardarme lo que siento.",
    "pattern.result.pursue": (
        "Bajo estrés, tiendes a buscar: cuando sientes distancia, te acercas a tu pareja para "
        "arreglarlo rápido. Nace de lo mucho que te importa la conexión, y puede cambiar."
    ),
    "pattern.result.distance": (
        "Bajo estrés, tiendes a alejarte: cuando sientes presión, das un paso atrás para que "
        "las cosas se enfríen. También es una forma de cuidar la relación, y puede cambiar."
    ),
    "pattern.result.both": (
        "Bajo estrés, haces las dos cosas: a veces te acercas y a veces das un paso atrás. Le "
        "pasa a mucha gente, y puede cambiar de una discusión a otra."
    ),
    "pattern.result.neither": (
        "Bajo estrés, por ahora ningún lado destaca con fuerza en ti. Eso puede cambiar, y "
        "puedes repetir la prueba cuando quieras."
    ),
    "pattern.changed": (
        "Es un lado distinto al de la última vez, y está bien: en este baile los papeles pueden "
        "cambiar, y darse cuenta ayuda."
    ),
    "pattern.one_device": (
        "Lo guardé para esta cuenta de Alexa. Si comparten este dispositivo, con un perfil de voz "
        "puedo guardar uno para cada quien."
    ),
    "pattern.not_saved": "No pude guardar este resultado ahora mismo, pero igual cuenta.",
    "pattern.offer": "¿Quieres tu guía: tres prácticas para ese lado?",
    "pattern.offer_reprompt": "¿Te leo tu guía?",
    "pattern.offer_declined": "De acuerdo. Cuando la quieras, di: cuál es mi guía.",
    "pattern.playbook.pursue": "Tu guía, para cuando sientas el impulso de arreglarlo ya.",
    "pattern.playbook.distance": "Tu guía, para cuando sientas el impulso de alejarte.",
    "pattern.playbook.both": "Tu guía, para los dos impulsos.",
    "pattern.playbook.neither": "Tu guía: tres prácticas que ayudan a cualquiera bajo estrés.",
    "pattern.nth.1": "Primero:",
    "pattern.nth.2": "Segundo:",
    "pattern.nth.3": "Tercero:",
    "pattern.practice.wait_five": (
        "Cuando sientas la urgencia de insistir, haz una pausa y pregúntate: ¿qué pasaría si "
        "esperara cinco minutos?"
    ),
    "pattern.practice.gentle_ask": (
        "Baja la intensidad. Podrías decir: tengo algo que decirte, ¿tienes un momento para "
        "escucharme?"
    ),
    "pattern.practice.space_not_loss": (
        "Dar espacio no es perder la relación. Le deja a tu pareja lugar para volver por su cuenta."
    ),
    "pattern.practice.signal": (
        "Antes de alejarte, da una pequeña señal. Podrías decir: necesito veinte minutos, pero "
        "te escuché."
    ),
    "pattern.practice.return": (
        "Di cuándo vas a volver, y vuelve a esa hora, aunque no te hayas calmado del todo. El "
        "espacio es seguro porque termina."
    ),
    "pattern.practice.small_step": (
        "Cuando sientas ganas de alejarte, da en cambio un pequeño paso hacia tu pareja: una "
        "palabra cálida o un gesto de cariño."
    ),
    "pattern.playbook.close": "Puedes oírla otra vez cuando quieras: di, cuál es mi guía.",
    "pattern.playbook.none": (
        "Todavía no has hecho la prueba del patrón. Son ocho frases cortas. Para empezar, di: "
        "haz la prueba del patrón."
    ),
    # La guía en el momento: lo que dicen el espacio, la conexión, el regreso, la reflexión y el
    # resumen cuando se conoce el lado de quien habla (o el de los dos).
    "pattern.tip.space_distance": (
        "Tu práctica ahora: vuelve a esa hora, aunque no te hayas calmado del todo. Volver es lo "
        "que hace seguro el espacio."
    ),
    "pattern.tip.space_pursue": (
        "Dar un paso atrás cuando quisieras resolverlo ya cuesta, y ayuda. Deja que tu cuerpo se "
        "calme."
    ),
    "pattern.tip.waiting_pursue": (
        "Tu práctica mientras esperas: cuando sientas la urgencia de escribir o de buscar, "
        "pregúntate: ¿qué pasaría si esperara cinco minutos? Dar espacio no es perderse. "
        "¿Quieres una pausa corta para respirar mientras tanto?"
    ),
    "pattern.tip.waiting_distance": (
        "Acercarte es tu pequeño paso, y cuenta, aunque toque esperar. ¿Quieres una pausa corta "
        "para respirar mientras tanto?"
    ),
    "pattern.tip.connect_pursue": (
        "Entiendo que necesitas conexión. Tu práctica: ve con suavidad. Podrías decir: tengo "
        "algo que decirte, ¿tienes un momento para escucharme? Y dale tiempo a tu pareja para "
        "responder."
    ),
    "pattern.tip.connect_distance": (
        "Entiendo que quieres volver a acercarte. Acercarte es tu pequeño paso, y cuenta. Para "
        "empezar, basta con una palabra cálida."
    ),
    "pattern.tip.back_distance": (
        "Volver es tu práctica, y acabas de hacerlo. Ahora basta con un pequeño paso hacia tu "
        "pareja: una palabra cálida, o gracias por esperar."
    ),
    "pattern.tip.back_pursue": (
        "Diste espacio, y eso no es fácil. Ahora empieza con suavidad. Podrías decir: tengo algo "
        "que decirte, ¿tienes un momento para escucharme? Y dale tiempo para responder."
    ),
    "pattern.pair.pursue_distance": (
        "Bajo estrés, una persona tiende a acercarse y la otra a dar un paso atrás. Es el baile, "
        "no es culpa de nadie: una pausa con hora de regreso les permite salir de él."
    ),
    "pattern.pair.both_pursue": (
        "Bajo estrés, cada quien tiende a acercarse, así que todo puede acelerarse. Esperar "
        "cinco minutos antes de la siguiente palabra les ayuda en equipo."
    ),
    "pattern.pair.both_distance": (
        "Bajo estrés, cada quien tiende a dar un paso atrás, así que el silencio puede durar "
        "mucho. Una hora de regreso y un pequeño paso hacia la otra persona les ayudan en equipo."
    ),
    "pattern.pair.mixed": (
        "Bajo estrés, cada quien se mueve de más de una manera, y eso puede cambiar. Nombrar el "
        "ciclo en voz alta los mantiene en equipo contra él."
    ),
    # La conversación en cámara lenta (intents/slow_motion.py). Alexa lleva el tiempo y hace
    # las preguntas; nunca escucha lo que la pareja se dice. "una persona" / "la otra persona"
    # cuando el pacto no tiene nombres: sin género.
    "slow.someone": "una persona",
    "slow.other": "la otra persona",
    "slow.intro": (
        "Vamos a tener una conversación en cámara lenta. Yo llevo el tiempo y hago las "
        "preguntas. No escucho lo que se digan, y no guardo nada de eso."
    ),
    "slow.how": (
        "Así funciona: una persona dice una o dos frases sobre lo que siente, sin reproches. "
        "Después de una pausa, la otra persona repite lo que escuchó. Luego cambian."
    ),
    "slow.commands": (
        "Si terminan antes, digan: Alexa, siguiente. También pueden decir: otra vez, más "
        "despacio, pausa, necesito espacio, o para."
    ),
    "slow.first_named": "Hoy empieza {who}.",
    "slow.first_unnamed": "Decidan en silencio quién empieza.",
    "slow.breathe": "Primero, respiren despacio, una vez.",
    "slow.intro_ask": "¿Empezamos?",
    "slow.swap": "Gracias. Ahora cambian los papeles.",
    "slow.speak_turn": "{who}, te toca hablar.",
    "slow.check_lead_speak": "Antes de hablar, pregúntate en silencio:",
    "slow.check_lead_mirror": "Antes de responder, pregúntate en silencio:",
    "slow.check.feeling": "¿Qué estoy sintiendo ahora?",
    "slow.check.differently": "¿Puedo decir esto de otra manera?",
    "slow.check.need": "¿Qué necesito?",
    "slow.speak_go": (
        "Ahora di una o dos frases sobre lo que sientes. Puedes empezar con: me siento."
    ),
    "slow.shared_pause": "Ahora hagan una pausa. Dejen que las palabras lleguen.",
    "slow.speak_ask": "{who}, ahora te toca repetir lo que escuchaste. ¿Seguimos?",
    "slow.reprompt": (
        "Cuando quieran seguir, digan: siguiente. O digan otra vez para escuchar este paso "
        "de nuevo."
    ),
    "slow.mirror_turn": "{who}, ahora te toca repetir lo que escuchaste.",
    "slow.mirror_go": (
        "Con tus propias palabras, di lo que escuchaste. Puedes empezar con: te escuché decir."
    ),
    "slow.short_pause": "Y una pausa.",
    "slow.mirror_ask": "{who}, ¿era eso? ¿Sí, o no del todo?",
    "slow.mirror_reprompt": "{who}, ¿era eso lo que querías decir? ¿Sí, o no del todo?",
    "slow.again_speak": "{who}, dilo otra vez, más despacio. Solo una o dos frases.",
    "slow.again_mirror": "{who}, repite lo que escuchaste esta vez.",
    "slow.again_ask": "{who}, ¿esta vez era eso? ¿Sí, o no del todo?",
    "slow.rest": (
        "Que te escuchen de verdad puede llevar varios intentos. Dejemos esto por ahora, y sigamos."
    ),
    "slow.again": "Una vez más, desde el principio de este paso.",
    "slow.slower": "Más despacio, entonces.",
    "slow.slowest": "Más despacio no puedo ir. Sigamos a este ritmo.",
    "slow.after_pause": "Ahora, volvamos a donde estaban. ¿Retomamos este paso?",
    "slow.after_pause_reprompt": "Cuando quieran retomar este paso, digan: siguiente.",
    "slow.wait": ("Tómense el tiempo que necesiten. Cuando quieran, digan: siguiente. ¿Seguimos?"),
    "slow.fallback": (
        "Solo llevo el tiempo, así que no registré eso. Digan otra vez para escuchar este paso "
        "de nuevo. ¿Seguimos con el siguiente paso?"
    ),
    "slow.help": (
        "Esta es su conversación en cámara lenta. Digan siguiente para seguir, otra vez para "
        "repetir el paso, más despacio para tener más tiempo, pausa para respirar, necesito "
        "espacio para un descanso con hora de regreso, o para, para terminar. ¿Seguimos?"
    ),
    "slow.stopped": (
        "De acuerdo, paramos aquí. Durante la próxima hora pueden retomarla donde la dejaron: "
        "digan, continúa nuestra conversación lenta."
    ),
    "slow.resume": "Qué bueno que volvieron. Retomemos donde lo dejaron.",
    "slow.resume_none": (
        "No hay una conversación lenta de la última hora para retomar. ¿Quieren empezar una nueva?"
    ),
    "slow.resume_none_reprompt": "¿Quieren empezar una conversación en cámara lenta?",
    "slow.outside": (
        "Ahora no hay una conversación lenta en curso. Para empezar una, digan: tengamos una "
        "conversación en cámara lenta."
    ),
    "slow.end_thanks": "Gracias. Fue una conversación lenta, y se quedaron en ella.",
    "slow.end_step": (
        "Para cerrar, un pequeño paso para acercarse: una palabra cálida, un gesto de cariño o, "
        "simplemente: gracias por escucharme."
    ),
    "slow.end_time": "Les tomó {duration}, con calma y en equipo.",
    "slow.screen_intro": "Una conversación en cámara lenta",
    "slow.screen_breathe": "Una respiración lenta",
    "slow.screen_speak": "Habla {who}",
    "slow.screen_mirror": "{who} repite lo que escuchó",
    "slow.screen_again": "{who} lo dice otra vez, más despacio",
    "slow.screen_minutes": "min",
    "slow.offer_resume": (
        "Estaban en medio de una conversación lenta. ¿Quieren retomarla donde la dejaron?"
    ),
    "slow.offer_resume_reprompt": "¿Quieren retomar su conversación lenta?",
    "slow.hint": (
        "Cuando quieran hablarlo con calma, pueden decir: tengamos una conversación en cámara "
        "lenta."
    ),
    "reflection.q.slow": (
        "Hoy bajaron el ritmo de una conversación. ¿Qué notaste al ir más despacio?"
    ),
    "summary.slow": "Tuvieron una conversación en cámara lenta {times}.",
    # Practicar el pacto en un momento de calma.
    "drill.intro": (
        "Practiquemos su pacto ahora que hay calma. Son unos dos minutos. Decir las palabras en "
        "voz alta ahora hace que salgan solas cuando importa."
    ),
    "drill.space_signal": "{who}, di en voz alta tu señal de espacio: {signal}.",
    "drill.space": "{who}, di en voz alta: necesito {duration}, pero te escuché.",
    "drill.space_answer": (
        "{who}, responde como dice su pacto: De acuerdo. Aquí voy a estar cuando vuelvas."
    ),
    "drill.connection_signal": "{who}, ahora di tu señal de conexión: {signal}.",
    "drill.connection": "{who}, ahora di: tengo algo que decirte, ¿puedes escucharme?",
    "drill.connection_answer": (
        "{who}, responde como dice su pacto: Sí, te escucho. O, si necesitas una pausa: "
        "necesito {duration}, pero te escuché."
    ),
    "drill.swap": "Ahora cambien.",
    "drill.swap_ask": "¿Cambiamos?",
    "drill.done_ask": "¿Terminamos?",
    "drill.reprompt": "Cuando quieran, digan: siguiente.",
    "drill.wait": "Tómense su tiempo. Cuando quieran, digan: siguiente.",
    "drill.fallback": "Solo llevo el tiempo de su práctica. Cuando quieran, digan: siguiente.",
    "drill.stopped": "De acuerdo, dejamos la práctica aquí. Qué bueno que la intentaron.",
    "drill.end": (
        "Ese es su pacto, dicho en voz alta por cada quien. Cuando llegue un momento difícil, "
        "las palabras van a estar ahí."
    ),
    "pact.unreadable": (
        "No pude consultar su pacto ahora mismo, así que no puedo decirlo. Pregúntame de nuevo en "
        "un momento. Si mientras tanto necesitas espacio, di: necesito espacio."
    ),
    "pact.not_reached": (
        "No pude consultar su pacto ahora mismo, así que nada cambió. Inténtalo de nuevo en un "
        "momento."
    ),
    "space.not_reached": "No pude consultar su pacto ahora mismo, así que ten presente la hora.",
    "not_saved": "No pude anotarlo ahora mismo, así que ten presente la hora.",
    "not_saved_soft": "No pude anotar esto ahora mismo, y no pasa nada.",
    "error": (
        "Estoy teniendo un pequeño problema, pero sigo aquí. Si necesitas espacio, tómate "
        "veinte minutos y luego vuelve a esto."
    ),
}

# Answers that mean "skip" in the set-up dialog and the reflection (for pacts.setup.is_skip),
# written as pacts.setup compares them: lower case, accents removed.
SKIP_WORDS: Final = frozenset(
    {
        "paso", "salta", "saltar", "saltalo", "saltatela", "siguiente", "omitir", "omitelo",
        "ninguno", "ninguna", "nada", "no", "no se", "ni idea", "despues", "luego", "mas tarde",
        "ahora no", "igual", "lo mismo", "dejalo", "dejalo asi", "dejalo como esta", "tal cual",
        "como esta", "sigue", "?",
    }
)  # fmt: skip
