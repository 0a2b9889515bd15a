// On-demand hourly prices for SageMaker real-time inference, us-east-1, from the sources named per
// row (no AWS call); the Price List API replaces them when reachable (pricing.ts).

export interface OfflinePrice {
  pricePerHour: number;
  source: string;
}

export const OFFLINE_PRICES_DATE = "2025-10 to 2026-03";
const ZIRCON = "zircon.tech, 'The real cost of running AI models on AWS SageMaker' (us-east-1, October 2025)";
const WRING = "wring.co, 'SageMaker Inference: Real-Time vs Serverless' (March 2026)";

export const OFFLINE_PRICES: Readonly<Record<string, OfflinePrice>> = {
  "ml.g5.xlarge": { pricePerHour: 1.41, source: ZIRCON },
  "ml.g5.2xlarge": { pricePerHour: 1.52, source: WRING },
  "ml.inf2.xlarge": { pricePerHour: 0.76, source: WRING },
  "ml.m5.xlarge": { pricePerHour: 0.269, source: ZIRCON },
  "ml.t3.medium": { pricePerHour: 0.05, source: WRING },
};
