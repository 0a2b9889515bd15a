/** $1,015.20 */
export const usd = (n: number) =>
  `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export const round2 = (n: number) => Math.round(n * 100) / 100;
