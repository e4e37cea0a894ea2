/**
 * Sharing a room with people in the same physical space: the link through the device's share sheet
 * (or copied, or shown to copy by hand), and a QR code of it to scan from a phone or a projector.
 */
import { createResource, createSignal, createUniqueId, Match, Show, Switch } from 'solid-js';
import { describeError } from '../messages/index.ts';
import { t } from '../../i18n/index.ts';
import './share.css';

/** White modules around the code on every side: the QR standard's minimum, which scanners need to find it. */
const QUIET_ZONE = 4;

/** The QR modules of `text` (true = dark), at error correction M or better; the encoder loads on first use. */
async function qrModules(text: string): Promise<readonly (readonly boolean[])[]> {
  const { encode } = await import('uqr');
  // boostEcc raises the correction above M wherever the same size of code holds it: more of it can be
  // covered (a glare on the projector, a thumb) and still scan.
  return encode(text, { ecc: 'M', boostEcc: true, border: 0 }).data;
}

/** The dark modules as one SVG path: a 1-high rectangle per run of dark modules in a row, offset by the quiet zone. */
function modulesPath(modules: readonly (readonly boolean[])[]): string {
  let d = '';
  modules.forEach((row, y) => {
    let x = 0;
    while (x < row.length) {
      if (!row[x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < row.length && row[x]) x++;
      d += `M${start + QUIET_ZONE} ${y + QUIET_ZONE}h${x - start}v1h${start - x}z`;
    }
  });
  return d;
}

/** The QR code as an inline SVG, drawn from the module matrix (never from markup). */
function QrCode(props: { modules: readonly (readonly boolean[])[]; ref(svg: SVGSVGElement): void }) {
  const size = () => props.modules.length + 2 * QUIET_ZONE;
  return (
    <svg
      ref={props.ref}
      class="share-qr-code"
      role="img"
      aria-label={t('room.share.qrLabel')}
      data-testid="room-qr"
      viewBox={`0 0 ${size()} ${size()}`}
      shape-rendering="crispEdges"
    >
      {/* Black on white in both themes: many scanners cannot read a light-on-dark code. */}
      <rect width={size()} height={size()} fill="#fff" />
      <path d={modulesPath(props.modules)} fill="#000" />
    </svg>
  );
}

type Copied = 'copied' | 'refused' | null;

/** The room's share panel: a share (or copy) button, and a QR code of the link shown on demand. */
export function ShareRoom(props: { url: string; title: string }) {
  const panelId = createUniqueId();
  const [copied, setCopied] = createSignal<Copied>(null);
  const [open, setOpen] = createSignal(false);
  // Once opened, the code stays made (hiding it again costs nothing); a new link makes a new code.
  const [opened, setOpened] = createSignal(false);
  const [modules, { refetch }] = createResource(() => (opened() ? props.url : false), qrModules);
  let manual: HTMLInputElement | undefined;
  let code: SVGSVGElement | undefined;
  /** Brings the whole code into view (the panel holding it may scroll): a code half out of view cannot be scanned. */
  const reveal = () => code?.scrollIntoView({ block: 'nearest' });

  const copy = async () => {
    try {
      // A page served over plain http (a relay self-hosted on a local network) has no navigator.clipboard:
      // this throws a TypeError there, and the link is shown to copy by hand like any other refusal.
      await navigator.clipboard.writeText(props.url);
      setCopied('copied');
    } catch {
      // reason: why the browser refused (no clipboard, no permission, the page not focused) changes nothing for the person: they copy by hand.
      setCopied('refused');
      manual?.focus();
    }
  };

  const share = async () => {
    setCopied(null);
    const data = { title: props.title, url: props.url };
    if (typeof navigator.share === 'function' && (navigator.canShare?.(data) ?? true)) {
      try {
        await navigator.share(data);
        return;
      } catch (error) {
        // A person closing the share sheet is their choice, not an error.
        if (error instanceof DOMException && error.name === 'AbortError') return;
        // Any other refusal (no share target, a policy): copying still works.
      }
    }
    await copy();
  };

  const toggle = () => {
    setOpened(true);
    setOpen(!open());
    if (open()) reveal();
  };

  return (
    <section class="share-room" aria-label={t('room.share.panel')}>
      <div class="share-actions">
        <button type="button" class="primary" onClick={() => void share()}>
          {t('room.share.shareLink')}
        </button>
        <button type="button" class="share-toggle" aria-expanded={open()} aria-controls={panelId} onClick={toggle}>
          {t('room.share.showQr')}
        </button>
      </div>
      <p class="hint share-status" role="status">
        {copied() === 'copied' ? t('room.share.linkCopied') : copied() === 'refused' ? t('room.share.copyRefused') : ''}
      </p>
      <Show when={copied() === 'refused'}>
        <label class="share-manual">
          <span>{t('room.share.linkLabel')}</span>
          <input ref={manual} type="text" readonly value={props.url} onFocus={(e) => e.currentTarget.select()} />
        </label>
      </Show>
      <div id={panelId} class="share-qr" hidden={!open()}>
        <Switch fallback={<p class="hint">{t('room.share.qrLoading')}</p>}>
          <Match when={modules.error}>
            {(error) => (
              <div class="form-error">
                <p role="alert">{describeError(error())}</p>
                <button type="button" onClick={() => void refetch()}>
                  {t('room.tryAgain')}
                </button>
              </div>
            )}
          </Match>
          <Match when={modules.state === 'ready' && modules()}>
            {(ready) => (
              <>
                <QrCode
                  modules={ready()}
                  ref={(svg) => {
                    code = svg;
                    // Drawn once the encoder has loaded, after the click that asked for it.
                    queueMicrotask(reveal);
                  }}
                />
                <p class="share-qr-hint">{t('room.share.qrHint')}</p>
              </>
            )}
          </Match>
        </Switch>
      </div>
    </section>
  );
}
