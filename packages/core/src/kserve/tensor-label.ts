/** Which side of the protocol a tensor travels on; it names the tensor in error messages. */
export type TensorRole = "input" | "output" | "tensor";

export function tensorLabel(role: TensorRole, name: string): string {
  return `${role} ${name}`;
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}
