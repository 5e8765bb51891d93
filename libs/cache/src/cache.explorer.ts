import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { CACHED, CACHE_EVICT, CacheEvictOptions, CachedOptions } from './cached.decorator';
import { CacheService, CacheSpec } from './cache.service';

type Method = (...args: unknown[]) => unknown;

const DEFAULT_JITTER = 0.05;

/**
 * Finds `@Cached` and `@CacheEvict` methods on every provider at start (as @nestjs/schedule's explorer
 * does) and replaces them on the instance with a wrapper that goes through CacheService.
 * A `@Cached` method must be async: it is recognised by being an `async` function, or by declaring a
 * `Promise` return type (`design:returntype`); anything else stops the start with an error.
 */
@Injectable()
export class CacheExplorer implements OnModuleInit {
  private readonly logger = new Logger(CacheExplorer.name);

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly cache: CacheService,
  ) {}

  onModuleInit(): void {
    const evictions: Array<() => void> = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object') continue;
      const proto = Object.getPrototypeOf(instance) as object | null;
      if (!proto) continue;
      for (const methodName of this.scanner.getAllMethodNames(proto)) {
        const method = (proto as Record<string, unknown>)[methodName];
        if (typeof method !== 'function') continue;
        const cached = this.reflector.get<CachedOptions | undefined>(CACHED, method);
        const evict = this.reflector.get<CacheEvictOptions | undefined>(CACHE_EVICT, method);
        if (!cached && !evict) continue;
        const className = proto.constructor.name;
        if (!wrapper.isDependencyTreeStatic()) {
          throw new Error(
            `@Cached/@CacheEvict on ${className}.${methodName}: request-scoped providers are not supported`,
          );
        }
        const target = instance as Record<string, Method>;
        if (cached) this.wrapCached(target, proto, className, methodName, cached);
        // Evictions are wired after every cache is registered, so a wrong name is a start-up error.
        if (evict) evictions.push(() => this.wrapEvict(target, className, methodName, evict));
      }
    }
    evictions.forEach((wire) => wire());
  }

  private wrapCached(
    target: Record<string, Method>,
    proto: object,
    className: string,
    methodName: string,
    options: CachedOptions,
  ): void {
    const original = target[methodName];
    const returnType: unknown = Reflect.getMetadata('design:returntype', proto, methodName);
    if (original.constructor.name !== 'AsyncFunction' && returnType !== Promise) {
      throw new Error(
        `@Cached on ${className}.${methodName}: the method must be async (declare it \`async\` or with a Promise return type)`,
      );
    }
    const spec: CacheSpec = {
      name: options.name ?? `${className}.${methodName}`,
      ttl: options.ttl,
      jitter: options.jitter ?? DEFAULT_JITTER,
      key: options.key,
    };
    this.cache.register(spec);
    const cache = this.cache;
    const wrapped = function (this: unknown, ...args: unknown[]): Promise<unknown> {
      return cache.wrap(spec.name, args, async () => original.apply(this, args));
    };
    target[methodName] = copyMetadata(original, wrapped);
    this.logger.debug(`Cached ${className}.${methodName} as "${spec.name}" (ttl ${spec.ttl} s)`);
  }

  private wrapEvict(
    target: Record<string, Method>,
    className: string,
    methodName: string,
    options: CacheEvictOptions,
  ): void {
    if (!this.cache.has(options.name)) {
      throw new Error(
        `@CacheEvict on ${className}.${methodName}: no @Cached method uses the name "${options.name}"`,
      );
    }
    const original = target[methodName];
    const cache = this.cache;
    const keyOf = options.key as ((...a: unknown[]) => unknown) | undefined;
    const wrapped = async function (this: unknown, ...args: unknown[]): Promise<unknown> {
      const result = await original.apply(this, args);
      // Evict after success only; a Redis failure is logged by CacheService, never thrown.
      if (keyOf) await cache.evictMaterial(options.name, keyOf(...args));
      else await cache.evictAll(options.name);
      return result;
    };
    target[methodName] = copyMetadata(original, wrapped);
  }
}

/** Keeps the decorators' metadata visible on the wrapper (other explorers read it from the function). */
function copyMetadata<T extends object>(from: object, to: T): T {
  for (const key of Reflect.getMetadataKeys(from))
    Reflect.defineMetadata(key, Reflect.getMetadata(key, from), to);
  Object.defineProperty(to, 'name', { value: (from as { name: string }).name });
  return to;
}
