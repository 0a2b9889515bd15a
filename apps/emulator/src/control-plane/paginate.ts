// List* paging and sorting: NextToken is an opaque offset, MaxResults defaults to 10 as in SageMaker.
import { ValidationException } from "../wire/errors/sagemaker.js";
import type { ListInput } from "./shapes.js";

export interface Listable {
  name: string;
  creationTime: number;
  status?: string;
}

export function paginate<T extends Listable>(
  items: T[],
  input: ListInput,
): { page: T[]; nextToken?: string } {
  const filtered = items.filter(
    (item) =>
      (input.NameContains === undefined || item.name.includes(input.NameContains)) &&
      (input.StatusEquals === undefined || item.status === input.StatusEquals),
  );
  const sortBy = input.SortBy ?? "CreationTime";
  const direction = (input.SortOrder ?? "Descending") === "Ascending" ? 1 : -1;
  filtered.sort((a, b) => direction * compare(a, b, sortBy));
  const start = input.NextToken === undefined ? 0 : decodeToken(input.NextToken);
  const size = input.MaxResults ?? 10;
  const page = filtered.slice(start, start + size);
  const next = start + size;
  return next < filtered.length
    ? { page, nextToken: Buffer.from(String(next)).toString("base64") }
    : { page };
}

function compare(a: Listable, b: Listable, sortBy: string): number {
  if (sortBy === "Name") return a.name.localeCompare(b.name);
  if (sortBy === "Status") return (a.status ?? "").localeCompare(b.status ?? "");
  return a.creationTime - b.creationTime;
}

function decodeToken(token: string): number {
  const offset = Number(Buffer.from(token, "base64").toString());
  if (!Number.isInteger(offset) || offset < 0) throw new ValidationException("Invalid pagination token.");
  return offset;
}
