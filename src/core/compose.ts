/** `(ctx, next)` middleware, as in grammY and telegraf. */
export type Middleware<C> = (ctx: C, next: () => Promise<void>) => Promise<void> | void;

/**
 * Chains middleware into one. Each may call `next()` at most once; a second call is a bug that would run the
 * rest of the chain twice, so it throws instead. A middleware that throws stops the chain (never fails open).
 */
export function compose<C>(middlewares: readonly Middleware<C>[]): Middleware<C> {
  return (ctx, last) => {
    let called = -1;
    const dispatch = async (i: number): Promise<void> => {
      if (i <= called) throw new Error('next() called more than once');
      called = i;
      const mw = middlewares[i];
      if (!mw) return last();
      await mw(ctx, () => dispatch(i + 1));
    };
    return dispatch(0);
  };
}
