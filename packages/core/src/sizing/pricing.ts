// On-demand hourly prices for SageMaker hosting: the AWS Price List API (GetProducts, service
// AmazonSageMaker) when it answers, else the offline table in offline-prices.ts. Says which it used.
import { GetProductsCommand, type PricingClient } from "@aws-sdk/client-pricing";
import { OFFLINE_PRICES, OFFLINE_PRICES_DATE } from "./offline-prices.js";

export interface PriceQuote {
  instanceType: string;
  pricePerHour: number;
  source: string;
}

export interface PriceLookup {
  quotes: PriceQuote[];
  /** "AWS Price List API (…)" or "offline table (…)": printed by `mme plan`. */
  source: string;
  /** Why the Price List API was not used, when it was not. */
  fallbackReason?: string;
}

export interface PriceLookupOptions {
  region: string;
  /** Skip the Price List API. */
  offline?: boolean;
  /** Price List API client (its endpoint lives in us-east-1, ap-south-1 and eu-central-1). */
  client: PricingClient;
  timeoutMs?: number;
}

export async function lookUpPrices(
  instanceTypes: string[],
  options: PriceLookupOptions,
): Promise<PriceLookup> {
  const offline = () => offlineQuotes(instanceTypes);
  if (options.offline) return { ...offline(), fallbackReason: "--offline-prices" };
  const { client } = options;
  try {
    const quotes: PriceQuote[] = [];
    for (const instanceType of instanceTypes) {
      const price = await withTimeout(
        hostingPrice(client, instanceType, options.region),
        options.timeoutMs ?? 5000,
      );
      if (price === undefined)
        throw new Error(`no hosting price listed for ${instanceType} in ${options.region}`);
      quotes.push({ instanceType, pricePerHour: price, source: "AWS Price List API" });
    }
    return {
      quotes,
      source: `AWS Price List API (${options.region}, ${new Date().toISOString().slice(0, 10)})`,
    };
  } catch (error) {
    return { ...offline(), fallbackReason: (error as Error).message };
  }
}

function offlineQuotes(instanceTypes: string[]): PriceLookup {
  const quotes = instanceTypes.map((instanceType) => {
    const price = OFFLINE_PRICES[instanceType];
    if (!price) throw new Error(`no offline price for ${instanceType}`);
    return { instanceType, ...price };
  });
  const sources = [...new Set(quotes.map((q) => q.source))].join("; ");
  return { quotes, source: `offline table, us-east-1 on demand, ${OFFLINE_PRICES_DATE} (${sources})` };
}

async function hostingPrice(
  client: PricingClient,
  instanceType: string,
  region: string,
): Promise<number | undefined> {
  const response = await client.send(
    new GetProductsCommand({
      ServiceCode: "AmazonSageMaker",
      Filters: [
        { Type: "TERM_MATCH", Field: "instanceName", Value: instanceType },
        { Type: "TERM_MATCH", Field: "regionCode", Value: region },
      ],
      MaxResults: 100,
    }),
  );
  for (const item of response.PriceList ?? []) {
    // Each entry is a JSON document as a string (the SDK may wrap it in a String-like LazyJsonString).
    const product = JSON.parse(String(item)) as PriceListItem;
    // Real-time hosting is the "Host:<instance>" usage type (others: training, notebooks, batch, …).
    if (!/(^|-)Host:/.test(product.product?.attributes?.usagetype ?? "")) continue;
    for (const term of Object.values(product.terms?.OnDemand ?? {})) {
      for (const dimension of Object.values(term.priceDimensions ?? {})) {
        const usd = Number(dimension.pricePerUnit?.USD);
        if (usd > 0) return usd;
      }
    }
  }
  return undefined;
}

interface PriceListItem {
  product?: { attributes?: { usagetype?: string } };
  terms?: {
    OnDemand?: Record<string, { priceDimensions?: Record<string, { pricePerUnit?: { USD?: string } }> }>;
  };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the Price List API did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
