"""Spain (es-ES): only what differs from the Latin American base (speech/locales/es.py).

- *vosotros* to the couple ("podéis", "vuestro pacto", "trataos"), never "ustedes".
- The perfect for what has just happened ("te he escuchado", "has vuelto", "no he podido").
- "Hecho" and "vale" where Latin America says "listo" and "está bien".
- *vosotros* is gendered where *ustedes* is not, so sentences keep the verb and drop the
  pronoun ("no sois el problema", "sois un equipo").
"""

from __future__ import annotations

from typing import Final

from speech.locales.table import Entry

OVERRIDES: Final[dict[str, Entry]] = {
    "space.heard": "Te he escuchado{name}. Vuelves a la conversación {when}.",
    "space.heard_relative": "Te he escuchado{name}. Vuelves a la conversación en {duration}.",
    "space.moved": (
        "Te he escuchado{name}, y he cambiado la hora de tu vuelta: vuelves a la conversación "
        "{when}."
    ),
    "space.moved_relative": (
        "Te he escuchado{name}, y he cambiado la hora de tu vuelta: vuelves a la conversación "
        "en {duration}."
    ),
    "space.heard_named": "{name} te ha escuchado y vuelve a la conversación {when}.",
    "space.heard_named_relative": (
        "{name} te ha escuchado y vuelve a la conversación en {duration}."
    ),
    "space.moved_named": "{name} te ha escuchado y ahora vuelve a la conversación {when}.",
    "space.moved_named_relative": (
        "{name} te ha escuchado y ahora vuelve a la conversación en {duration}."
    ),
    "space.too_long": (
        "Ese es el espacio más largo que permite vuestro pacto; el espacio funciona mejor con "
        "una vuelta."
    ),
    "space.unreadable": (
        "No he entendido cuánto tiempo, así que he usado tu espacio habitual de {duration}."
    ),
    "space.no_clock": (
        "No he podido consultar la hora de tu dispositivo, así que tened esa hora presente."
    ),
    "cycle.name": (
        "Esto es el ciclo, no sois el problema. Sois un equipo contra el ciclo, "
        "así que vamos a frenarlo poco a poco."
    ),
    "slow.question": (
        "Ahora, en silencio, que cada persona se pregunte: ¿qué estoy sintiendo ahora?",
        "Ahora, en silencio, que cada persona se pregunte: ¿puedo decir esto de otra manera?",
        "Ahora, en silencio, que cada persona se pregunte: ¿qué necesito?",
    ),
    "grounding.together.start": (
        "Hagamos una pausa. Dejad caer los hombros y apoyad los pies en el suelo."
    ),
    "grounding.together.in": "Inspirad despacio,",
    "grounding.together.out": "y soltad el aire, lento y largo.",
    "grounding.together.in_short": "Inspirad,",
    "grounding.together.out_short": "y soltad.",
    "grounding.together.end": "Bien. Fijaos en cómo se siente vuestro cuerpo ahora.",
    "cycle.offer": "Cuando queráis, podéis elegir espacio, conexión u otra pausa.",
    "cycle.reprompt": "¿Queréis espacio, conexión u otra pausa?",
    "connection.own_space": (
        "Eres tú quien se está tomando un espacio, hasta {until}. "
        "Cuando quieras volver a conectar, di: ya he vuelto."
    ),
    "return.running": "Habéis quedado en volver a la conversación {when}. Es dentro de {left}.",
    "return.running_relative": "Habéis quedado en volver a la conversación en {left}.",
    "return.ended": "Tu espacio ha terminado {when}. Es hora de volver, aunque no estés del todo en calma: di, ya he vuelto, o ponte una hora nueva.",
    "return.ended_relative": "Tu espacio ya ha terminado. Es hora de volver, aunque no estés del todo en calma: di, ya he vuelto, o ponte una hora nueva.",
    "back.on_time": (
        "Qué bien que has vuelto. Has vuelto cuando dijiste, y eso construye confianza."
    ),
    "back.late": (
        "Qué bien que has vuelto. Ha sido un poco más de lo previsto, y volver sigue importando."
    ),
    "back.early": "Qué bien que has vuelto. Has vuelto un poco antes de la hora: fíjate en cómo está tu cuerpo y, si el corazón sigue acelerado, respira despacio unas cuantas veces antes de empezar.",
    "back.none": "Qué bien que has vuelto.",
    "back.not_yours": (
        "{who} se está tomando un espacio hasta {until}, dentro de {left}. Solo esa persona "
        "puede terminarlo, diciendo: ya he vuelto."
    ),
    "back.not_yours_relative": (
        "{who} se está tomando un espacio; faltan {left}. Solo esa persona puede terminarlo, "
        "diciendo: ya he vuelto."
    ),
    "back.not_yours_ended": (
        "{who} tenía espacio hasta {when}. Solo esa persona puede cerrarlo, diciendo: ya he vuelto."
    ),
    "back.not_yours_ended_relative": (
        "{who} tenía un espacio que ya ha terminado. Solo esa persona puede cerrarlo, diciendo: "
        "ya he vuelto."
    ),
    "return.came_back": "{who} ha vuelto {when}.",
    "checkin.capped": (
        "Hasta ahí puede llegar este espacio: el espacio funciona mejor con una vuelta."
    ),
    "checkin.after": "Cuando llegue la hora, di: ya he vuelto, o vuelve a avisarme.",
    "checkin.day_over": (
        "Este espacio ya lleva un día entero, y es lo máximo que puede durar. Es hora de volver, "
        "aunque no estés del todo en calma: di, ya he vuelto."
    ),
    "checkin.not_yours_ended_relative": (
        "{who} tenía un espacio que ya ha terminado. Solo esa persona puede darse más tiempo "
        "o cerrarlo."
    ),
    "connection.wait_long": (
        "Todavía falta un buen rato, y esperar cuesta. Dar espacio no es perderse: aprovecha "
        "para hacer algo que te calme, como dar un paseo corto o beber un vaso de agua. "
        "¿Quieres una breve pausa para respirar ahora?"
    ),
    "return.came_back_relative": "{who} ha vuelto hace un rato.",
    "back.named": "Qué bien que has vuelto, {name}.",
    "back.step": (
        "Un pequeño paso para acercarse: una palabra cálida, un gesto de cariño o, simplemente, "
        "gracias por esperar.",
        "Prueba a empezar con suavidad. Podrías decir: ya he tenido tiempo de calmarme, ¿lo "
        "intentamos otra vez, despacio? Y dale tiempo para responder.",
        "Con un pequeño paso basta: dile a tu pareja una cosa que le has oído decir.",
    ),
    # La conversación a cámara lenta: vosotros, y el perfecto para lo que acaba de pasar.
    "slow.intro": (
        "Vamos a tener una conversación a cámara lenta. Yo llevo el tiempo y hago las "
        "preguntas. No escucho lo que os digáis, y no guardo nada de eso."
    ),
    "slow.how": (
        "Funciona así: una persona dice una o dos frases sobre lo que siente, sin reproches. "
        "Después de una pausa, la otra persona repite lo que ha oído. Luego cambiáis."
    ),
    "slow.commands": (
        "Si termináis antes, decid: Alexa, siguiente. También podéis decir: otra vez, más "
        "despacio, pausa, necesito espacio, o para."
    ),
    "slow.first_unnamed": "Decidid en silencio quién empieza.",
    "slow.breathe": "Primero, respirad despacio, una vez.",
    "slow.swap": "Gracias. Ahora cambiáis los papeles.",
    "slow.shared_pause": "Ahora haced una pausa. Dejad que las palabras lleguen.",
    "slow.speak_ask": "{who}, ahora te toca repetir lo que has oído. ¿Seguimos?",
    "slow.reprompt": (
        "Cuando queráis seguir, decid: siguiente. O decid otra vez para escuchar este paso "
        "de nuevo."
    ),
    "slow.mirror_turn": "{who}, ahora te toca repetir lo que has oído.",
    "slow.mirror_go": (
        "Con tus propias palabras, di lo que has oído. Puedes empezar con: te he oído decir."
    ),
    "slow.again_mirror": "{who}, repite lo que has oído esta vez.",
    "slow.after_pause": "Ahora, volvamos a donde estabais. ¿Retomamos este paso?",
    "slow.after_pause_reprompt": "Cuando queráis retomar este paso, decid: siguiente.",
    "slow.wait": ("Tomaos el tiempo que necesitéis. Cuando queráis, decid: siguiente. ¿Seguimos?"),
    "slow.fallback": (
        "Solo llevo el tiempo, así que no he registrado eso. Decid otra vez para escuchar este "
        "paso de nuevo. ¿Seguimos con el siguiente paso?"
    ),
    "slow.help": (
        "Esta es vuestra conversación a cámara lenta. Decid siguiente para seguir, otra vez "
        "para repetir el paso, más despacio para tener más tiempo, pausa para respirar, "
        "necesito espacio para un descanso con hora de vuelta, o para, para terminar. "
        "¿Seguimos?"
    ),
    "slow.stopped": (
        "Vale, paramos aquí. Durante la próxima hora podéis retomarla donde la habéis dejado: "
        "decid, continúa nuestra conversación lenta."
    ),
    "slow.resume": "Qué bien que habéis vuelto. Retomemos donde lo habíais dejado.",
    "slow.resume_none": (
        "No hay ninguna conversación lenta de la última hora para retomar. ¿Queréis empezar "
        "una nueva?"
    ),
    "slow.resume_none_reprompt": "¿Queréis empezar una conversación a cámara lenta?",
    "slow.outside": (
        "Ahora no hay ninguna conversación lenta en curso. Para empezar una, decid: tengamos "
        "una conversación a cámara lenta."
    ),
    "slow.end_thanks": "Gracias. Ha sido una conversación lenta, y os habéis quedado en ella.",
    "slow.end_time": "Os ha llevado {duration}, con calma y en equipo.",
    "slow.screen_intro": "Una conversación a cámara lenta",
    "slow.screen_mirror": "{who} repite lo que ha oído",
    "slow.offer_resume": (
        "Estabais en medio de una conversación lenta. ¿Queréis retomarla donde la habéis dejado?"
    ),
    "slow.offer_resume_reprompt": "¿Queréis retomar vuestra conversación lenta?",
    "slow.hint": (
        "Cuando queráis hablarlo con calma, podéis decir: tengamos una conversación a cámara lenta."
    ),
    "reflection.q.slow": (
        "Hoy habéis bajado el ritmo de una conversación. ¿Qué has notado al ir más despacio?"
    ),
    "summary.slow": "Habéis tenido una conversación a cámara lenta {times}.",
    "drill.intro": (
        "Vamos a practicar vuestro pacto ahora que hay calma. Son unos dos minutos. Decir las "
        "palabras en voz alta ahora hace que salgan solas cuando importa."
    ),
    "drill.space": "{who}, di en voz alta: necesito {duration}, pero te he escuchado.",
    "drill.space_answer": (
        "{who}, responde como dice vuestro pacto: Vale. Aquí estaré cuando vuelvas."
    ),
    "drill.connection_answer": (
        "{who}, responde como dice vuestro pacto: Sí, te escucho. O, si necesitas una pausa: "
        "necesito {duration}, pero te he escuchado."
    ),
    "drill.swap": "Ahora cambiad.",
    "drill.reprompt": "Cuando queráis, decid: siguiente.",
    "drill.wait": "Tomaos vuestro tiempo. Cuando queráis, decid: siguiente.",
    "drill.fallback": (
        "Solo llevo el tiempo de vuestra práctica. Cuando queráis, decid: siguiente."
    ),
    "drill.stopped": "Vale, dejamos la práctica aquí. Qué bien que la habéis intentado.",
    "drill.end": (
        "Ese es vuestro pacto, dicho en voz alta por cada persona. Cuando llegue un momento "
        "difícil, las palabras estarán ahí."
    ),
    # Safety (pacts/hotlines.py, market ES): 112, 016 with its WhatsApp, 024.
    "safety.dv": "Si sufres violencia, llama gratis al",
    "safety.dv_text": "o escribe por WhatsApp al",
    "safety.dv_after": "No sale en la factura.",
    "safety.crisis": "Si piensas hacerte daño, llama gratis al",
    "safety.others_crisis": "Para hablarlo ahora con alguien, llama gratis al",
    "safety.for_whom": "Pacto de Pausa es para discusiones en las que los dos os sentís a salvo.",
    "help": (
        "Pacto de Pausa os ayuda a frenar el ciclo de perseguir y alejarse, si los dos os "
        "sentís a salvo. Di: necesito espacio, y te digo cuándo vuelves, o di: estamos otra vez "
        "en el ciclo. Si no te sientes a salvo, di: no estoy a salvo. ¿Qué necesitas?"
    ),
    "fallback": (
        "No te he entendido. Puedes decir: necesito espacio, estamos otra vez en el ciclo, "
        "o cuándo volvemos."
    ),
    "goodbye": "Vale. Trataos con cariño.",
    "setup.confirm_lead": "Este es vuestro pacto.",
    "setup.saved": "Vuestro pacto está guardado. Cuando llegue un momento difícil, lo respetaré.",
    "setup.denied": "Vale, no he cambiado vuestro pacto.",
    "pact.names_two": "Vuestro pacto une a {a} con {b}.",
    "pact.names_one": "Por ahora, vuestro pacto conoce a {a}.",
    "pact.none": (
        "Todavía no hay un pacto, así que uso lo habitual: veinte minutos de espacio, y nunca "
        "más de un día. Para hacerlo a vuestra medida, di: configura nuestro pacto."
    ),
    "change.default": "Hecho. El espacio habitual ahora es de {duration}.",
    "change.longest": "Hecho. El espacio más largo ahora es de {duration}.",
    "change.space_signal": "Hecho. La señal de espacio ahora es: {signal}.",
    "change.connection_signal": "Hecho. La señal de conexión ahora es: {signal}.",
    "change.partner_name": "Hecho. A tu pareja la llamaré {name}.",
    "change.first_name": "Hecho. Te llamaré {name}.",
    "change.nothing": (
        "No he entendido qué cambiar. Puedes decir, por ejemplo: cambia nuestro espacio "
        "habitual a treinta minutos."
    ),
    "change.bad_duration": (
        "Un espacio puede durar entre cinco minutos y un día, así que el pacto se queda como "
        "estaba. Puedes decir, por ejemplo: cambia nuestro espacio habitual a treinta minutos."
    ),
    "change.too_long_text": (
        "Es demasiado largo para recordarlo, así que el pacto se queda como estaba. Mejor en "
        "pocas palabras."
    ),
    "change.not_a_name": "Eso no me ha sonado a nombre, así que el pacto se queda como estaba.",
    "setup.not_a_name": "Eso no me ha sonado a nombre. ¿Qué nombre pongo?",
    "change.not_saved": "No he podido guardarlo ahora. Vuelve a intentarlo en un momento.",
    "signal.unknown": "He oído una señal, pero no está en el pacto.",
    "name.account": (
        "Un placer conocerte, {name}. Si compartís este dispositivo, un perfil de voz de Alexa "
        "me permite distinguir vuestras voces."
    ),
    "name.missing": "No he entendido tu nombre. Di, por ejemplo: soy Sam.",
    "name.not_a_name": (
        "Eso no lo he tomado como un nombre, así que no he cambiado nada. Si la cosa se está "
        "poniendo tensa, puedes decir: necesito espacio."
    ),
    "name.confirm": "¿Has dicho que te llamas {name}?",
    "name.ask_again": "Vale. ¿Cómo te llamas?",
    "join.ask_code": "¿Cuál es el código de seis dígitos que ha oído tu pareja?",
    "join.ok": "Hecho: la conexión está lista. Ahora compartís un solo pacto.",
    "join.failed": (
        "Ese código no ha funcionado. Pídele a tu pareja que diga: conecta a mi pareja, "
        "para recibir uno nuevo."
    ),
    "join.already": "Ya compartís este pacto.",
    "join.paused": (
        "Se han probado demasiados códigos que no valían, así que de momento no puedes unirte "
        "a ningún pacto. Podrás volver a intentarlo dentro de {duration}."
    ),
    "join.busy": ("Ahora mismo no puedo conectar cuentas. Vuelve a intentarlo dentro de una hora."),
    "join.someone": "Alguien ha usado tu código para unirse a tu pacto.",
    "join.someone_named": "{name} ha usado tu código para unirse a tu pacto.",
    "join.ask_number": "Si es tu pareja, ¿qué número le ha dado su Echo?",
    "join.confirmed": "Hecho. Tu pareja se ha unido, y ahora compartís un solo pacto.",
    "join.mismatch": (
        "Ese número no coincide, así que nadie se ha unido a tu pacto. Si tu pareja aún quiere "
        "unirse, di: conecta a mi pareja, para recibir un código nuevo."
    ),
    "join.contested": (
        "Dos cuentas han usado tu código, así que no he conectado ninguna. Si tu pareja aún "
        "quiere unirse, di: conecta a mi pareja, para recibir un código nuevo."
    ),
    "leave.confirm": (
        "¿Quieres dejar el pacto que compartís? Tu pareja lo conserva y tú empiezas de cero. ¿Sigo?"
    ),
    "leave.done": "Hecho. Has dejado el pacto compartido y empiezas de cero.",
    "leave.cancelled": "Vale, el pacto sigue compartido.",
    "summary.none": (
        "No se ha registrado nada esta semana. Cuando llegue un momento difícil, puedes decir: "
        "estamos otra vez en el ciclo."
    ),
    "summary.lead": "Esta es vuestra semana en pareja.",
    "summary.cycles": "Habéis nombrado el ciclo {times}.",
    "summary.spaces": "Se ha tomado espacio {times}.",
    "summary.spaces_all_on_time": (
        "Se ha tomado espacio {times}, y cada vez habéis vuelto o avisado a la hora acordada."
    ),
    "summary.spaces_some_on_time": (
        "Se ha tomado espacio {times}. Algunas vueltas han tardado más de lo previsto, y volver "
        "sigue contando; avisar a la hora de volver también es cumplir el pacto."
    ),
    "summary.checked_in": (
        "Cuando ha hecho falta más tiempo, habéis avisado {times}, y eso también es cumplir "
        "el pacto."
    ),
    "summary.connections": "Se ha pedido conexión {times}.",
    "summary.reflections": "Habéis reflexionado {times}.",
    "summary.suggest_keep": (
        "Una idea para la próxima semana: seguid nombrando el ciclo en voz alta. "
        "Sois un equipo contra él."
    ),
    "summary.not_loaded": (
        "No he podido revisar la semana ahora. Pregúntame otra vez en un momento."
    ),
    "delete.confirm": (
        "Esto borra el pacto, el historial y las reflexiones de la pareja, y los recordatorios "
        "que he programado. No se puede deshacer. ¿Lo borro?"
    ),
    "delete.done": "Hecho. Se ha borrado todo lo que Pacto de Pausa guardaba.",
    "delete.failed": (
        "No he podido borrarlo ahora, y no ha cambiado nada. Vuelve a intentarlo en un momento."
    ),
    "delete.partial": (
        "He borrado una parte, pero aún no todo. En un momento, vuelve a decir: borra nuestros "
        "datos, y lo terminaré."
    ),
    "delete.partner_reminders": (
        "Los recordatorios de tu pareja están en su propia cuenta de Alexa, así que no he podido "
        "cancelarlos. Se detienen cuando tu pareja diga: detén la reflexión de cada noche."
    ),
    "reflection.partner_reminder": (
        "El recordatorio de cada noche está en la cuenta de Alexa de tu pareja, así que solo esa "
        "persona puede detenerlo: pídele que diga, detén la reflexión de cada noche. He quitado "
        "la hora de vuestro pacto."
    ),
    "delete.cancelled": "Vale, lo he dejado todo como estaba.",
    "reminder.set": "Hecho. Te avisaré {when}.",
    "reminder.set_relative": "Hecho. Te avisaré en {duration}.",
    "reminder.unavailable": (
        "No he podido programar el recordatorio. Tu espacio sigue en pie: vuelves a la "
        "conversación {when}."
    ),
    "reminder.unavailable_relative": (
        "No he podido programar el recordatorio. Tu espacio sigue en pie: vuelves a la "
        "conversación en {duration}."
    ),
    "reminder.denied": (
        "No pasa nada, tu espacio sigue en pie. Si más adelante quieres recordatorios, "
        "actívalos para Pacto de Pausa en la app de Alexa. Te he enviado una tarjeta allí."
    ),
    "reminder.denied_plain": (
        "No pasa nada. Si más adelante quieres recordatorios, actívalos para Pacto de Pausa en "
        "la app de Alexa. Te he enviado una tarjeta allí."
    ),
    "reminder.no_thanks": "Vale. Vuelve a la conversación cuando llegue la hora, con calma.",
    "reflection.scheduled": (
        "Hecho. Cada noche, a {time}, os propondré un momento para reflexionar en pareja."
    ),
    "reflection.unavailable": (
        "He guardado {time} como la hora de reflexión, pero no he podido programar el "
        "recordatorio. Inténtalo más tarde."
    ),
    "reflection.stopped": "Vale. He parado la reflexión de cada noche.",
    "reflection.stopped_both": "Vale. He parado la reflexión de cada noche para los dos.",
    "reflection.scheduled_both": (
        "Hecho. Cada noche, a {time}, os propondré reflexionar en pareja, aquí y en los "
        "dispositivos de {who}."
    ),
    "partner.nightly_no_permission": (
        "{who} todavía no ha activado los recordatorios de Pacto de Pausa, así que el de cada "
        "noche solo te llegará a ti. Le explicaré cómo activarlos."
    ),
    "partner.nightly_hint": (
        "Para que el recordatorio de la reflexión de cada noche te llegue también a tus "
        "dispositivos, activa los recordatorios de Pacto de Pausa en la app de Alexa. Te he "
        "enviado una tarjeta allí."
    ),
    "reflection.q.pause": (
        "Hoy, cuando has querido ir detrás de tu pareja para resolverlo ya, ¿has hecho una "
        "pausa primero?"
    ),
    "reflection.q.signal": (
        "Hoy, cuando has necesitado espacio, ¿has dado una señal antes de apartarte?"
    ),
    "reflection.q.return": "Cuando te has tomado un espacio, ¿has vuelto cuando dijiste?",
    "reflection.q.appreciate": "¿Qué es algo que has valorado hoy de tu pareja?",
    "reflection.q.need": "¿Qué has necesitado hoy que no has pedido?",
    "reflection.close": (
        "Gracias de corazón. Darse cuenta es lo que afloja el ciclo.",
        "Gracias. Cada pequeño paso cuenta, y hoy habéis dado algunos.",
        "Gracias. Descansad; mañana es otra oportunidad para acercaros.",
    ),
    "reflection.not_saved": (
        "No he podido guardar las respuestas de esta noche, pero reflexionar cuenta igual."
    ),
    "pact.not_reached": (
        "No he podido consultar vuestro pacto ahora, así que no ha cambiado nada. Vuelve a "
        "intentarlo en un momento."
    ),
    "space.not_reached": (
        "No he podido consultar vuestro pacto ahora, así que ten presente la hora."
    ),
    "not_saved": "No he podido anotarlo, así que ten presente la hora.",
    "not_saved_soft": "No he podido anotarlo, y no pasa nada.",
    # La prueba del patrón: el perfecto, "vale", "móvil", "habitación", vosotros a la pareja.
    "pattern.next": ("Siguiente:", "Ahí va la siguiente:", "Y esta:"),
    "pattern.went_back": "Vale, volvemos a la anterior:",
    "pattern.unclear": "No te he entendido. Puedes responder sí, no o a veces.",
    "pattern.stopped": "Vale, he parado la prueba y no he guardado ninguna de tus respuestas.",
    "pattern.item.go_quiet": (
        "Cuando la discusión se calienta, me quedo en silencio o me voy de la habitación."
    ),
    "pattern.item.busy": (
        "Después de una discusión, me calmo poniéndome a hacer cosas: el trabajo, el móvil o "
        "las tareas de casa."
    ),
    "pattern.one_device": (
        "Lo he guardado para esta cuenta de Alexa. Si compartís este dispositivo, con un perfil "
        "de voz puedo guardar uno para cada persona."
    ),
    "pattern.not_saved": "No he podido guardar este resultado ahora mismo, pero cuenta igual.",
    "pattern.offer_declined": "Vale. Cuando la quieras, di: cuál es mi guía.",
    "pattern.practice.gentle_ask": (
        "Baja la intensidad. Podrías decir: tengo algo que contarte, ¿tienes un momento para "
        "escucharme?"
    ),
    "pattern.practice.signal": (
        "Antes de alejarte, da una pequeña señal. Podrías decir: necesito veinte minutos, pero "
        "te he escuchado."
    ),
    "pattern.tip.back_pursue": (
        "Has dado espacio, y eso no es fácil. Ahora empieza con suavidad. Podrías decir: tengo "
        "algo que contarte, ¿tienes un momento para escucharme? Y dale tiempo para responder."
    ),
    "pattern.tip.connect_pursue": (
        "Entiendo que necesitas conexión. Tu práctica: ve con suavidad. Podrías decir: tengo "
        "algo que contarte, ¿tienes un momento para escucharme? Y dale tiempo a tu pareja para "
        "responder."
    ),
    "pattern.pair.pursue_distance": (
        "Bajo estrés, una persona tiende a acercarse y la otra a dar un paso atrás. Es el baile, "
        "no es culpa de nadie: una pausa con hora de vuelta os permite salir de él."
    ),
    "pattern.pair.both_pursue": (
        "Bajo estrés, cada persona tiende a acercarse, así que todo puede acelerarse. Esperar "
        "cinco minutos antes de la siguiente palabra os ayuda como equipo."
    ),
    "pattern.pair.both_distance": (
        "Bajo estrés, cada persona tiende a dar un paso atrás, así que el silencio puede durar "
        "mucho. Una hora de vuelta y un pequeño paso hacia la otra persona os ayudan como equipo."
    ),
    "pattern.pair.mixed": (
        "Bajo estrés, cada persona se mueve de más de una manera, y eso puede cambiar. Nombrar el "
        "ciclo en voz alta os mantiene en equipo contra él."
    ),
}
