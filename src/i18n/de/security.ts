import type { Dict } from '../en/index.ts';
import { plurals } from '../plural.ts';

const plural = plurals('de-DE');

const NOTHING_IMPORTED = 'Es wurde nichts importiert.';

export const security: Dict['security'] = {
  title: 'Datenschutz und Sicherung',
  back: 'Zurück zum Tagebuch',
  protection: {
    unavailable: 'Das Tagebuch ließ sich nicht öffnen.',
    locked: 'Das Tagebuch ist gesperrt.',
    needsPassphrase: 'Dieser Browser kann keinen Geräteschlüssel aufbewahren: Lege eine Passphrase fest, um dein Tagebuch zu behalten.',
    device: 'Dein Tagebuch ist mit einem Schlüssel verschlüsselt, der dieses Gerät nie verlässt.',
    passphrase: 'Dein Tagebuch ist verschlüsselt und öffnet sich nur mit deiner Passphrase oder deinem Wiederherstellungsschlüssel.',
  },
  unlockTitle: 'Entsperren, um Einstellungen zu ändern oder zu sichern',
  done: {
    set: 'Passphrase festgelegt. Dein Tagebuch öffnet sich jetzt nur noch mit ihr oder deinem Wiederherstellungsschlüssel.',
    changed:
      'Passphrase geändert. Ab jetzt öffnen deine neue Passphrase und dein neuer Wiederherstellungsschlüssel das Tagebuch; die alten nicht mehr.',
  },
  lock: {
    now: 'Jetzt sperren',
    after: 'Sperren nach',
    never: 'nie',
    idle: (minutes: number) => `${minutes} Min. ohne Aktivität`,
  },
  disk: {
    summary: 'Was bleibt auf dem Datenträger?',
    text: 'Wenn die Passphrase festgelegt oder geändert wird, ziehen deine Sitzungen in einen neuen verschlüsselten Speicher um und der alte wird gelöscht. Dein Browser kann Reste des alten Speichers noch einige Tage auf dem Datenträger behalten, und wer in dieser Zeit die Dateien dieses Browsers kopiert, könnte die zuvor gespeicherten Sitzungen lesen. Später gespeicherte Sitzungen sind nicht betroffen. Wenn die Verschlüsselung deines Geräts eingeschaltet bleibt (bei den meisten Handys ist sie an), bist du davor geschützt.',
  },
  secret: { show: 'Zeigen', hide: 'Verbergen' },
  passphrase: {
    setTitle: 'Das Tagebuch mit einer Passphrase schützen',
    changeTitle: 'Passphrase ändern',
    setHint:
      'Dann öffnet es nur noch deine Passphrase (oder der Wiederherstellungsschlüssel, den du bekommst), auf diesem Gerät oder jedem anderen.',
    changeHint:
      'Du bekommst einen neuen Wiederherstellungsschlüssel. Die alte Passphrase und der alte Schlüssel funktionieren dann nicht mehr, außer für Sicherungen von vor heute: Die öffnen sich weiter mit den alten.',
    advice: 'Mindestens 8 Zeichen; ein paar ungewöhnliche Wörter sind leicht zu merken und schwer zu erraten.',
    current: 'Aktuelle Passphrase',
    new: 'Neue Passphrase',
    repeat: 'Passphrase wiederholen',
    differ: 'Die beiden Passphrasen stimmen nicht überein.',
    measuring: 'Dieses Gerät wird gemessen …',
    continue: 'Weiter',
    keyTitle: 'Schreib deinen Wiederherstellungsschlüssel auf',
    newKeyTitle: 'Schreib deinen neuen Wiederherstellungsschlüssel auf',
    keyText:
      'Wenn du deine Passphrase vergisst, ist dieser Schlüssel der einzige andere Weg in dein Tagebuch. Er wird nur einmal gezeigt. Schreib ihn auf Papier und bewahre ihn sicher auf.',
    typeKey: 'Gib den Wiederherstellungsschlüssel ein, um zu bestätigen, dass du ihn hast',
    unlockFast: 'Das Entsperren dauert auf diesem Gerät unter einer Sekunde.',
    unlockTime: (seconds: number) =>
      plural(seconds, {
        one: 'Das Entsperren dauert auf diesem Gerät etwa # Sekunde.',
        other: 'Das Entsperren dauert auf diesem Gerät etwa # Sekunden.',
      }),
    figures: (ms: string, mib: string, passes: number) =>
      `Etwa ${ms} ms (Argon2id, ${mib} MiB, ${plural(passes, { one: '# Durchlauf', other: '# Durchläufe' })})`,
    reencrypting: 'Wird neu verschlüsselt …',
    set: 'Passphrase festlegen',
    change: 'Passphrase ändern',
    back: 'Zurück',
  },
  key: {
    copy: 'Schlüssel kopieren',
    copied: 'Kopiert. Bewahre auch eine Abschrift auf Papier auf.',
    selected: 'Der Schlüssel ist markiert: Kopiere ihn mit dem Kopierbefehl deines Geräts.',
  },
  unlock: {
    passphrase: 'Passphrase',
    recoveryKey: 'Wiederherstellungsschlüssel',
    wait: (seconds: number) => `Zu viele falsche Versuche hintereinander. Versuch es in ${seconds} s erneut.`,
    unlocking: 'Wird entsperrt …',
    unlock: 'Entsperren',
    usePassphrase: 'Passphrase verwenden',
    useRecoveryKey: 'Vergessen? Wiederherstellungsschlüssel verwenden',
  },
  backup: {
    title: 'Verschlüsselte Sicherung',
    hint: 'Eine Datei mit allen Sitzungen, weiterhin verschlüsselt. Sie öffnet sich auf jedem Gerät mit deiner Passphrase oder deinem Wiederherstellungsschlüssel.',
    save: 'Verschlüsselte Sicherung speichern',
    saved: 'Sicherung gespeichert.',
    savedWithout: (n: number) =>
      plural(n, {
        one: 'Sicherung gespeichert, ohne # beschädigte Sitzung, die sich nicht lesen ließ.',
        other: 'Sicherung gespeichert, ohne # beschädigte Sitzungen, die sich nicht lesen ließen.',
      }),
    needsPassphrase: 'Lege zuerst eine Passphrase fest: Eine Sicherung muss sich auch ohne dieses Gerät öffnen lassen.',
  },
  restore: {
    title: 'Aus einer Sicherung wiederherstellen',
    file: 'Sicherungsdatei',
    choose: 'Datei wählen',
    noFile: 'Keine Datei gewählt',
    secret: 'Die Passphrase oder der Wiederherstellungsschlüssel, mit dem sie gespeichert wurde',
    import: 'Importieren',
    importing: 'Wird importiert …',
    imported: (added: number) => plural(added, { one: '# Sitzung importiert.', other: '# Sitzungen importiert.' }),
    importedWithDuplicates: (added: number, duplicates: number) =>
      `${plural(added, { one: '# Sitzung importiert', other: '# Sitzungen importiert' })} (${plural(duplicates, { one: '# war schon da', other: '# waren schon da' })}).`,
    olderFormat:
      'Diese Sicherung hat das ältere Format (Version 1), das nicht zeigen kann, ob Sitzungen aus der Datei entfernt wurden: Prüfe, ob dein Verlauf vollständig ist.',
    droppedTitle: 'Diese Sitzungen sind nicht mehr durch eine Passphrase geschützt.',
    droppedText:
      'Die Sicherung ließ sich nur mit ihrer Passphrase oder ihrem Wiederherstellungsschlüssel öffnen; auf diesem Gerät öffnet sich das Tagebuch ohne, also kann jeder, der diesen Browser nutzt, sie lesen.',
    setPassphrase: 'Passphrase festlegen',
  },
  plain: {
    title: 'Unverschlüsselter Export',
    hint: 'Deine Daten, lesbar für jedes Programm. Diese Dateien sind nicht verschlüsselt: Halte sie privat.',
    json: 'Als JSON exportieren',
    csv: 'Als CSV exportieren',
    jsonSaved: 'JSON gespeichert.',
    csvSaved: 'CSV gespeichert.',
    heartbeats: 'Rohe Herzschläge einschließen (RR-Intervalle)',
    heartbeatsHint:
      'Jede Zeit zwischen zwei Herzschlägen aller Sitzungen mit Herzsensor. So persönlich wie ein Fingerabdruck; ohne sie enthält der Export nur die Herzwerte.',
  },
  erase: {
    title: 'Alles löschen',
    hint: 'Löscht das Tagebuch, seine Schlüssel, deine Muster und Einstellungen endgültig von diesem Gerät. Gespeicherte Sicherungen bleiben unberührt.',
    word: 'LÖSCHEN',
    confirm: (word: string) => `Gib zur Bestätigung ${word} ein`,
    button: 'Alles löschen',
  },
  erased: {
    clean: 'Alles ist gelöscht',
    unfinished: 'Das Löschen wurde nicht abgeschlossen',
    left: (names: string) => `Noch vorhanden: ${names}. Schließe die anderen Tabs der App und versuche es erneut.`,
    proof:
      'Gerade geprüft: Auf diesem Gerät ist keine Datenbank und kein Tagebuch-Cache von Sacred Breathing mehr übrig. Dein Tagebuch, seine Schlüssel, deine Muster und Einstellungen sind weg.',
    afresh: 'Neu beginnen',
  },
  errors: {
    locked: 'Das Tagebuch ist gesperrt. Entsperre es mit deiner Passphrase oder deinem Wiederherstellungsschlüssel.',
    passphraseRequired: 'Lege zuerst eine Passphrase fest: Ohne sie kann dieser Browser das Tagebuch nicht sicher aufbewahren.',
    unreadable: (name: string) =>
      `Der Schlüssel, der dieses Tagebuch auf diesem Gerät öffnet, lässt sich nicht mehr lesen (${name}). Importiere eine Sicherung oder lösche alles, um neu zu beginnen.`,
    recoveryKeyMismatch:
      'Das ist nicht der angezeigte Wiederherstellungsschlüssel. Prüfe ihn und gib ihn erneut ein; deine Passphrase ist noch nicht festgelegt.',
    gone: 'Das Tagebuch wurde in einem anderen Tab gelöscht. Lade die App neu, um neu zu beginnen.',
    keyChangedElsewhere:
      'Die Passphrase wurde in einem anderen Tab geändert. Entsperre das Tagebuch hier mit der neuen Passphrase und versuche es dann erneut.',
    passphraseTooShort: (min: number) => `Eine Passphrase braucht mindestens ${min} Zeichen.`,
    wrongPassphrase: 'Diese Passphrase öffnet dieses Tagebuch nicht. Es wurde nichts geändert.',
    wrongRecoveryKey: 'Dieser Wiederherstellungsschlüssel öffnet dieses Tagebuch nicht. Es wurde nichts geändert.',
    recoveryKeyFormat: (length: number) => `Ein Wiederherstellungsschlüssel hat ${length} Buchstaben und Ziffern (Bindestriche optional).`,
    kdfParams: (settings: string) =>
      `Die Passphrase-Einstellungen dieses Tagebuchs liegen außerhalb dessen, was diese App annimmt (${settings}), daher lässt sich die Passphrase nicht prüfen. Es wurde nichts geändert.`,
    newerVersion:
      'Dieses Tagebuch wurde von einer neueren Version von Sacred Breathing gespeichert. Lade neu, um die App zu aktualisieren; es wurde nichts geändert.',
    entryGone: 'Diese Sitzung ist nicht mehr im Tagebuch.',
    backupNeedsPassphrase:
      'Lege zuerst eine Passphrase fest: Eine Sicherung öffnet sich auf einem anderen Gerät nur mit deiner Passphrase oder deinem Wiederherstellungsschlüssel.',
    entryDamaged: (part: string) => `Die gespeicherten Daten dieser Sitzung sind beschädigt (${part}), daher lässt sie sich nicht ändern.`,
    entryPart: {
      notObject: 'es ist gar keine Sitzung',
      startTime: 'ihre Startzeit',
      duration: 'ihre Dauer',
      cycles: 'ihre Anzahl an Atemzügen',
      completed: 'ob sie beendet wurde',
      pattern: 'ihr Muster',
      coherence: 'ihre Kohärenzwerte',
      mood: 'eine Stimmung',
      note: 'ihre Notiz',
      room: 'ihre Raumwerte',
      heart: 'ihre Herzwerte',
    },
    needsPassphrase: (name: string) =>
      `Dieser Browser kann den Geräteschlüssel des Tagebuchs nicht aufbewahren (${name}). Lege eine Passphrase fest, um deine Sitzungen zu behalten.`,
    storageRefused: (name: string) =>
      `Der Speicher dieses Browsers hat es abgelehnt (${name}). Private Fenster können das verhindern; versuche es in einem normalen Fenster.`,
    unknownError: 'unbekannter Fehler',
  },
  backupErrors: {
    tryAnotherCopy: `${NOTHING_IMPORTED} Wenn du eine andere Kopie hast, versuche es damit.`,
    forged: 'Diese Sicherung wurde nach dem Speichern verändert oder ist beschädigt: Ihre Liste der Sitzungen passt nicht zu ihrem Siegel.',
    incomplete: (missing: number) =>
      plural(missing, {
        one: 'Diese Sicherung ist unvollständig: # Sitzung wurde nach dem Speichern aus der Datei entfernt.',
        other: 'Diese Sicherung ist unvollständig: # Sitzungen wurden nach dem Speichern aus der Datei entfernt.',
      }),
    changed: (changes: string) => `Diese Sicherung wurde nach dem Speichern verändert: ${changes}.`,
    removed: (n: number) =>
      plural(n, { one: '# Sitzung wurde aus der Datei entfernt', other: '# Sitzungen wurden aus der Datei entfernt' }),
    added: (n: number) => plural(n, { one: '# Sitzung wurde der Datei hinzugefügt', other: '# Sitzungen wurden der Datei hinzugefügt' }),
    replaced: (n: number) =>
      plural(n, {
        one: '# Sitzung wurde durch eine andere Fassung ersetzt',
        other: '# Sitzungen wurden durch eine andere Fassung ersetzt',
      }),
    reordered: 'die Sitzungen wurden umsortiert',
    notABackup: (detail: string) =>
      `Diese Datei ist keine Sicherung von Sacred Breathing oder sie ist beschädigt (${detail}). ${NOTHING_IMPORTED}`,
    tooLarge: (mb: number) => `Diese Datei ist viel größer als jede Sicherung (mehr als ${mb} MB). ${NOTHING_IMPORTED}`,
    notJson: 'kein JSON oder abgeschnitten',
    unknownFormat: 'unbekanntes Format',
    unsupportedVersion: (version: string) =>
      `Diese Sicherung hat ein Format, das diese Version der App nicht lesen kann (Version ${version}). Wenn sie von einer neueren Version gespeichert wurde, lade neu, um die App zu aktualisieren, und versuche es erneut. ${NOTHING_IMPORTED}`,
    missing: (field: string) => `${field} fehlt`,
    notBase64url: (field: string) => `${field} ist kein base64url`,
    kdfOutOfBounds: 'ihre Einstellungen für die Schlüsselableitung liegen außerhalb der Grenzen',
    badId: (session: number) => `Sitzung ${session} hat keine gültige ID`,
    repeatedId: (session: number) => `Sitzung ${session} wiederholt eine ID`,
    manifestMalformed: 'ihre Liste der Sitzungen ist fehlerhaft',
    damaged: (damaged: number, total: number) =>
      plural(damaged, {
        one: `# von ${total} Sitzungen in dieser Sicherung ist beschädigt oder wurde verändert. ${NOTHING_IMPORTED}`,
        other: `# von ${total} Sitzungen in dieser Sicherung sind beschädigt oder wurden verändert. ${NOTHING_IMPORTED}`,
      }),
  },
  storage: {
    full: 'Der Speicher dieses Geräts ist voll, daher wurde nichts gespeichert. Schaffe etwas Platz und versuche es dann erneut.',
    newer: 'Dieses Gerät enthält Daten einer neueren Version von Sacred Breathing. Lade die Seite neu, um sie zu bekommen.',
    refused: (name: string) =>
      `Der Speicher dieses Geräts hat es nicht angenommen (${name}). Versuche es erneut; wenn es wieder passiert, lade die Seite neu.`,
  },
};
