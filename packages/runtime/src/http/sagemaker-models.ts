// The books Triton's SageMaker front end keeps (src/sagemaker_server.cc): each loaded model's hash name
// → the repository registered for it, and the core's repository registrations with their name mappings
// (model_repository_manager.cc), whose clashes are the front end's 409s.

export interface SageMakerModel {
  /** The name SageMaker loaded it under (the load's model_name: a hash). */
  hashName: string;
  /** What Triton's core knows it as: the load's X-Amzn-SageMaker-Target-Model, or the hash name. */
  tritonName: string;
  /** The repository registered for it: what GET /models reports as modelUrl. */
  repository: string;
}

export class RepositoryConflictError extends Error {}

export class SageMakerModels {
  private readonly byHash = new Map<string, SageMakerModel>();
  private readonly repositories = new Set<string>();
  /** Mapped model name → repository. */
  private readonly mappings = new Map<string, string>();

  get(hashName: string): SageMakerModel | undefined {
    return this.byHash.get(hashName);
  }

  all(): SageMakerModel[] {
    return [...this.byHash.values()];
  }

  /** TRITONSERVER_ServerRegisterModelRepository's ALREADY_EXISTS checks, then the registration. */
  register(repository: string, tritonName: string): void {
    if (this.repositories.has(repository))
      throw new RepositoryConflictError(`model repository '${repository}' has already been registered`);
    if (this.mappings.has(tritonName))
      throw new RepositoryConflictError(
        `failed to register '${tritonName}', there is a conflicting mapping for '${tritonName}'`,
      );
    this.repositories.add(repository);
    this.mappings.set(tritonName, repository);
  }

  unregister(repository: string): void {
    this.repositories.delete(repository);
    for (const [name, repo] of this.mappings) if (repo === repository) this.mappings.delete(name);
  }

  /** A hash already in the books keeps its first entry (std::unordered_map::emplace). */
  add(model: SageMakerModel): void {
    if (!this.byHash.has(model.hashName)) this.byHash.set(model.hashName, model);
  }

  delete(hashName: string): void {
    this.byHash.delete(hashName);
  }

  /** Whether any registered repository still maps `tritonName` (a model left loaded by an unload that missed it is not). */
  isMapped(tritonName: string): boolean {
    return this.mappings.has(tritonName);
  }
}
