import { randomBytes } from 'node:crypto';

/** What the bot offered one asker: an answer (with its follow-ups) or a "您是想问" list. */
export interface Offer {
  question: string;
  /** `platform:id` of the asker: only the asker's own picks and feedback teach the bot about their question. */
  user: string;
  /** The entry that answered, for 有用/没用 (undefined for an ask-back). */
  answered?: string;
  /** Entries offered, and what choosing one of them means: a pick of an ask-back, a tap on a runner-up. */
  choices: { entry: string; kind: 'pick' | 'tap' }[];
  /** Who rated the answer already: a second press of 没用 is not a second opinion. */
  raters: Set<string>;
  expires: number;
}



/**
 * Offers of the last day, by a short random reference carried in the choices' actions (`/answer id ref`) and the
 * feedback buttons, so a tap on an older message is still tied to the question it answered. In memory on
 * purpose: they are worth little after a day, and a restart only means those taps are not learnt from.
 */
export class Offers {
  private readonly byRef = new Map<string, Offer>();

  constructor(
    private readonly ttlMs = 24 * 60 * 60 * 1000,
    private readonly max = 10_000,
  ) {}

  add(offer: Omit<Offer, 'expires' | 'raters'>, now: number): string {
    const ref = randomBytes(4).toString('hex');
    this.byRef.set(ref, { ...offer, raters: new Set(), expires: now + this.ttlMs });
    // Insertion order is expiry order: expired and surplus offers are all at the front.
    for (const [key, { expires }] of this.byRef) {
      if (this.byRef.size <= this.max && expires > now) break;
      this.byRef.delete(key);
    }
    return ref;
  }

  get(ref: string, now: number): Offer | undefined {
    const offer = this.byRef.get(ref);
    return offer && offer.expires > now ? offer : undefined;
  }
}
