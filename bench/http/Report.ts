/** Prints one figure as one line (the caller adds the backend, the machine and the date). */
export type Report = (figure: string) => void;

/** `250,000` */
export const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** `12.3` */
export const ms = (n: number): string => n.toFixed(1);

/** `met` or `MISSED`, for the targets of issue 5. */
export const verdict = (met: boolean): string => (met ? 'met' : 'MISSED');
