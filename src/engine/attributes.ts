/**
 * The attribute context conditions are evaluated against. Built from plain inputs so the
 * engine stays pure: the browser layer measures page and device and passes them in.
 */
import type { Attributes } from './condition';
import type { ProgressState } from './progress';

export interface UserInput {
  id?: string | null;
  accountId?: string | null;
  traits?: Record<string, unknown>;
  /** Account-level traits, e.g. `{ plan: "trial" }`. */
  accountTraits?: Record<string, unknown>;
}

export interface PageInput {
  url: string;
  referrer?: string;
}

export interface DeviceInput {
  width: number;
  height: number;
  touch: boolean;
  language: string;
}

const DAY_MS = 86_400_000;

export function pageAttributes(page: PageInput): Record<string, unknown> {
  let parsed: URL | undefined;
  try {
    parsed = new URL(page.url);
  } catch {
    parsed = undefined;
  }
  const query: Record<string, string> = {};
  const utm: Record<string, string> = {};
  parsed?.searchParams.forEach((value, key) => {
    query[key] = value;
    if (key.startsWith('utm_')) utm[key] = value;
  });
  return {
    url: page.url,
    path: parsed?.pathname ?? '',
    query,
    hash: parsed?.hash ?? '',
    referrer: page.referrer ?? '',
    ...utm,
  };
}

export function buildAttributes(input: {
  user: UserInput;
  page: PageInput;
  device: DeviceInput;
  locale: string;
  progress: ProgressState;
  now: number;
}): Attributes {
  const { user, progress, now, device } = input;
  const visits = progress.visits;
  const firstSeen = visits?.firstAt ?? now;
  return {
    user: { id: user.id ?? null, traits: user.traits ?? {}, ...user.traits },
    account: { id: user.accountId ?? null, ...user.accountTraits },
    page: pageAttributes(input.page),
    device: { ...device, phone: Math.min(device.width, device.height) < 600 && device.touch },
    locale: input.locale,
    visits: visits ?? { count: 0, sessions: 0, firstAt: now, lastAt: now },
    daysSinceFirstSeen: Math.floor((now - firstSeen) / DAY_MS),
    events: progress.events,
    items: progress.items,
  };
}
