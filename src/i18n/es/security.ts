import type { Dict } from '../en/index.ts';
import { plurals } from '../plural.ts';

const plural = plurals('es-ES');

const NOTHING_IMPORTED = 'No se importó nada.';

export const security: Dict['security'] = {
  title: 'Privacidad y copia de seguridad',
  back: 'Volver al diario',
  protection: {
    unavailable: 'No se pudo abrir el diario.',
    locked: 'El diario está bloqueado.',
    needsPassphrase: 'Este navegador no puede guardar una clave del dispositivo: elige una frase de contraseña para conservar tu diario.',
    device: 'Tu diario está cifrado con una clave que nunca sale de este dispositivo.',
    passphrase: 'Tu diario está cifrado y solo se abre con tu frase de contraseña o tu clave de recuperación.',
  },
  unlockTitle: 'Desbloquea para cambiar los ajustes o hacer una copia',
  done: {
    set: 'Frase de contraseña establecida. Ahora tu diario solo se abre con ella o con tu clave de recuperación.',
    changed:
      'Frase de contraseña cambiada. A partir de ahora, tu nueva frase de contraseña y tu nueva clave de recuperación abren el diario; las antiguas ya no.',
  },
  lock: {
    now: 'Bloquear ahora',
    after: 'Bloquear tras',
    never: 'nunca',
    idle: (minutes: number) => `${minutes} min sin actividad`,
  },
  disk: {
    summary: '¿Qué queda en el disco?',
    text: 'Al establecer o cambiar la frase de contraseña, tus sesiones pasan a un almacén cifrado nuevo y el antiguo se borra. Tu navegador puede conservar restos del almacén antiguo en el disco durante unos días, y quien copiara los archivos de este navegador en ese tiempo podría leer las sesiones guardadas antes. Las sesiones guardadas después no se ven afectadas. Mantener activado el cifrado de tu propio dispositivo (la mayoría de los móviles lo tienen activado) te protege de esto.',
  },
  secret: { show: 'Mostrar', hide: 'Ocultar' },
  passphrase: {
    setTitle: 'Protege el diario con una frase de contraseña',
    changeTitle: 'Cambiar la frase de contraseña',
    setHint:
      'Así solo lo abrirá tu frase de contraseña (o la clave de recuperación que recibirás), en este dispositivo o en cualquier otro.',
    changeHint:
      'Recibirás una clave de recuperación nueva. La frase de contraseña y la clave de recuperación antiguas dejarán de funcionar, salvo para las copias guardadas antes de hoy, que se siguen abriendo con ellas.',
    advice: 'Al menos 8 caracteres; unas cuantas palabras poco comunes son fáciles de recordar y difíciles de adivinar.',
    current: 'Frase de contraseña actual',
    new: 'Nueva frase de contraseña',
    repeat: 'Repítela',
    differ: 'Las dos frases de contraseña no coinciden.',
    measuring: 'Midiendo este dispositivo…',
    continue: 'Continuar',
    keyTitle: 'Apunta tu clave de recuperación',
    newKeyTitle: 'Apunta tu nueva clave de recuperación',
    keyText:
      'Si olvidas tu frase de contraseña, esta clave es la única otra forma de entrar en tu diario. Solo se muestra una vez. Escríbela en papel y guárdala en un lugar seguro.',
    typeKey: 'Escribe la clave de recuperación para confirmar que la tienes',
    unlockFast: 'Desbloquear tarda menos de un segundo en este dispositivo.',
    unlockTime: (seconds: number) =>
      plural(seconds, {
        one: 'Desbloquear tarda alrededor de # segundo en este dispositivo.',
        other: 'Desbloquear tarda alrededor de # segundos en este dispositivo.',
      }),
    figures: (ms: string, mib: string, passes: number) =>
      `Unos ${ms} ms (Argon2id, ${mib} MiB, ${plural(passes, { one: '# pasada', other: '# pasadas' })})`,
    reencrypting: 'Volviendo a cifrar…',
    set: 'Establecer la frase de contraseña',
    change: 'Cambiar la frase de contraseña',
    back: 'Atrás',
  },
  key: {
    copy: 'Copiar la clave',
    copied: 'Copiada. Guarda también una copia en papel.',
    selected: 'La clave está seleccionada: cópiala con la función de copiar de tu dispositivo.',
  },
  unlock: {
    passphrase: 'Frase de contraseña',
    recoveryKey: 'Clave de recuperación',
    wait: (seconds: number) => `Demasiados intentos fallidos seguidos. Vuelve a intentarlo dentro de ${seconds} s.`,
    unlocking: 'Desbloqueando…',
    unlock: 'Desbloquear',
    usePassphrase: 'Usar la frase de contraseña',
    useRecoveryKey: '¿La olvidaste? Usa la clave de recuperación',
  },
  backup: {
    title: 'Copia de seguridad cifrada',
    hint: 'Un archivo con todas las sesiones, aún cifrado. Se abre en cualquier dispositivo con tu frase de contraseña o tu clave de recuperación.',
    save: 'Guardar una copia cifrada',
    saved: 'Copia guardada.',
    savedWithout: (n: number) =>
      plural(n, {
        one: 'Copia guardada, sin # sesión dañada que no se pudo leer.',
        other: 'Copia guardada, sin # sesiones dañadas que no se pudieron leer.',
      }),
    needsPassphrase: 'Primero elige una frase de contraseña: una copia debe poder abrirse sin este dispositivo.',
  },
  restore: {
    title: 'Restaurar desde una copia',
    file: 'Archivo de copia',
    choose: 'Elegir un archivo',
    noFile: 'Ningún archivo elegido',
    secret: 'La frase de contraseña o clave de recuperación con la que se guardó',
    import: 'Importar',
    importing: 'Importando…',
    imported: (added: number) => plural(added, { one: 'Se importó # sesión.', other: 'Se importaron # sesiones.' }),
    importedWithDuplicates: (added: number, duplicates: number) =>
      `${plural(added, { one: 'Se importó # sesión', other: 'Se importaron # sesiones' })} (${plural(duplicates, { one: '# ya estaba aquí', other: '# ya estaban aquí' })}).`,
    olderFormat:
      'Esta copia tiene el formato antiguo (versión 1), que no permite saber si se quitaron sesiones del archivo: comprueba que tu historial esté completo.',
    droppedTitle: 'Estas sesiones ya no están protegidas por una frase de contraseña.',
    droppedText:
      'La copia solo se abría con su frase de contraseña o su clave de recuperación; en este dispositivo el diario se abre sin ninguna, así que cualquiera que use este navegador puede leerlas.',
    setPassphrase: 'Elige una frase de contraseña',
  },
  plain: {
    title: 'Exportación sin cifrar',
    hint: 'Tus datos, legibles por cualquier programa. Estos archivos no están cifrados: guárdalos en privado.',
    json: 'Exportar JSON',
    csv: 'Exportar CSV',
    jsonSaved: 'JSON guardado.',
    csvSaved: 'CSV guardado.',
    heartbeats: 'Incluir los latidos en bruto (intervalos RR)',
    heartbeatsHint:
      'Cada intervalo entre dos latidos de cada sesión con sensor cardiaco. Tan personal como una huella dactilar; sin esto, la exportación guarda solo las cifras del corazón.',
  },
  erase: {
    title: 'Borrarlo todo',
    hint: 'Borra para siempre de este dispositivo el diario, sus claves, tus patrones y tus ajustes. Las copias que guardaste no se tocan.',
    word: 'BORRAR',
    confirm: (word: string) => `Escribe ${word} para confirmar`,
    button: 'Borrarlo todo',
  },
  erased: {
    clean: 'Todo está borrado',
    unfinished: 'El borrado no terminó',
    left: (names: string) => `Aún queda: ${names}. Cierra las demás pestañas de la aplicación y vuelve a intentarlo.`,
    proof:
      'Comprobado ahora mismo: no queda en este dispositivo ninguna base de datos ni caché del diario de Sacred Breathing. Tu diario, sus claves, tus patrones y tus ajustes han desaparecido.',
    afresh: 'Empezar de nuevo',
  },
  errors: {
    locked: 'El diario está bloqueado. Desbloquéalo con tu frase de contraseña o tu clave de recuperación.',
    passphraseRequired: 'Primero elige una frase de contraseña: sin ella, este navegador no puede mantener el diario a salvo.',
    unreadable: (name: string) =>
      `La clave que abre este diario en este dispositivo ya no se puede leer (${name}). Importa una copia o bórralo todo para empezar de nuevo.`,
    recoveryKeyMismatch:
      'Esa no es la clave de recuperación que se mostró. Revísala y escríbela de nuevo; tu frase de contraseña aún no está establecida.',
    gone: 'El diario se borró en otra pestaña. Recarga la aplicación para empezar de nuevo.',
    keyChangedElsewhere:
      'La frase de contraseña se cambió en otra pestaña. Desbloquea aquí el diario con la nueva frase de contraseña y vuelve a intentarlo.',
    passphraseTooShort: (min: number) => `Una frase de contraseña necesita al menos ${min} caracteres.`,
    wrongPassphrase: 'Esa frase de contraseña no abre este diario. No se cambió nada.',
    wrongRecoveryKey: 'Esa clave de recuperación no abre este diario. No se cambió nada.',
    recoveryKeyFormat: (length: number) => `Una clave de recuperación tiene ${length} letras y cifras (los guiones son opcionales).`,
    kdfParams: (settings: string) =>
      `Los ajustes de la frase de contraseña de este diario están fuera de lo que acepta esta aplicación (${settings}), así que no se puede comprobar la frase de contraseña. No se cambió nada.`,
    newerVersion:
      'Este diario lo guardó una versión más reciente de Sacred Breathing. Recarga para actualizar la aplicación; no se cambió nada.',
    entryGone: 'Esa sesión ya no está en el diario.',
    backupNeedsPassphrase:
      'Primero elige una frase de contraseña: una copia solo se abre en otro dispositivo con tu frase de contraseña o tu clave de recuperación.',
    entryDamaged: (part: string) => `Los datos guardados de esta sesión están dañados (${part}), así que no se puede cambiar.`,
    entryPart: {
      notObject: 'no es una sesión en absoluto',
      startTime: 'su hora de inicio',
      duration: 'su duración',
      cycles: 'su número de respiraciones',
      completed: 'si se terminó',
      pattern: 'su patrón',
      coherence: 'sus datos de coherencia',
      mood: 'un estado de ánimo',
      note: 'su nota',
      room: 'sus datos de sala',
      heart: 'sus datos del corazón',
    },
    needsPassphrase: (name: string) =>
      `Este navegador no puede guardar la clave del diario en el dispositivo (${name}). Elige una frase de contraseña para conservar tus sesiones.`,
    storageRefused: (name: string) =>
      `El almacenamiento de este navegador lo rechazó (${name}). La navegación privada puede impedirlo; prueba en una ventana normal.`,
    unknownError: 'error desconocido',
  },
  backupErrors: {
    tryAnotherCopy: `${NOTHING_IMPORTED} Si tienes otra copia, prueba con ella.`,
    forged: 'Esta copia se modificó después de guardarse o está dañada: su lista de sesiones no coincide con su sello.',
    incomplete: (missing: number) =>
      plural(missing, {
        one: 'Esta copia está incompleta: se quitó # sesión del archivo después de guardarlo.',
        other: 'Esta copia está incompleta: se quitaron # sesiones del archivo después de guardarlo.',
      }),
    changed: (changes: string) => `Esta copia se modificó después de guardarse: ${changes}.`,
    removed: (n: number) => plural(n, { one: 'se quitó # sesión del archivo', other: 'se quitaron # sesiones del archivo' }),
    added: (n: number) => plural(n, { one: 'se añadió # sesión al archivo', other: 'se añadieron # sesiones al archivo' }),
    replaced: (n: number) =>
      plural(n, { one: 'se sustituyó # sesión por otra versión', other: 'se sustituyeron # sesiones por otra versión' }),
    reordered: 'las sesiones se pusieron en otro orden',
    notABackup: (detail: string) =>
      `Este archivo no es una copia de seguridad de Sacred Breathing o está dañado (${detail}). ${NOTHING_IMPORTED}`,
    tooLarge: (mb: number) => `Este archivo es mucho más grande que cualquier copia (más de ${mb} MB). ${NOTHING_IMPORTED}`,
    notJson: 'no es JSON o está cortado',
    unknownFormat: 'formato desconocido',
    unsupportedVersion: (version: string) =>
      `Esta copia tiene un formato que esta versión de la aplicación no sabe leer (versión ${version}). Si la guardó una versión más reciente, recarga para actualizar la aplicación y vuelve a intentarlo. ${NOTHING_IMPORTED}`,
    missing: (field: string) => `falta ${field}`,
    notBase64url: (field: string) => `${field} no está en base64url`,
    kdfOutOfBounds: 'sus ajustes de derivación de clave están fuera de los límites',
    badId: (session: number) => `la sesión ${session} no tiene un identificador válido`,
    repeatedId: (session: number) => `la sesión ${session} repite un identificador`,
    manifestMalformed: 'su lista de sesiones está mal formada',
    damaged: (damaged: number, total: number) =>
      plural(damaged, {
        one: `# de ${total} sesiones de esta copia está dañada o se modificó. ${NOTHING_IMPORTED}`,
        other: `# de ${total} sesiones de esta copia están dañadas o se modificaron. ${NOTHING_IMPORTED}`,
      }),
  },
  storage: {
    full: 'El almacenamiento de este dispositivo está lleno, así que no se guardó nada. Libera algo de espacio y vuelve a intentarlo.',
    newer: 'Este dispositivo tiene datos de una versión más reciente de Sacred Breathing. Recarga la página para obtenerla.',
    refused: (name: string) =>
      `El almacenamiento de este dispositivo no lo aceptó (${name}). Vuelve a intentarlo; si sigue pasando, recarga la página.`,
  },
};
