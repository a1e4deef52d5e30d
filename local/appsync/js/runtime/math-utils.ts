// util.math: https://docs.aws.amazon.com/appsync/latest/devguide/math-helpers-in-util-math.html
export const mathUtils = {
  // Java Math.round(double): floor(x + 0.5), as Math.round does.
  roundNum: (value: number): number => Math.round(Number(value)),
  minVal: (a: number, b: number): number => Math.min(Number(a), Number(b)),
  maxVal: (a: number, b: number): number => Math.max(Number(a), Number(b)),
  randomDouble: (): number => Math.random(),
  /** An integer in [start, end], both ends included. */
  randomWithinRange: (start: number, end: number): number => {
    const low = Math.ceil(Math.min(start, end));
    const high = Math.floor(Math.max(start, end));
    return low + Math.floor(Math.random() * (high - low + 1));
  },
};
