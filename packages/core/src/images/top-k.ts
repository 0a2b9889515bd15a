export interface ClassScore {
  index: number;
  score: number;
}

/** The k highest scores with their class indices, best first. */
export function topK(scores: ArrayLike<number>, k = 5): ClassScore[] {
  return Array.from(scores, (score, index) => ({ index, score }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, k);
}
