// The build id: a hash of the sources, locked dependencies and build script that made this
// bundle (scripts/build.mjs). Caches of derived data carry it, so a new build never reuses an
// old build's entries.

declare const __BUILD_ID__: string;

/** This bundle's build id; null when the sources run unbuilt (no cache is used then). */
export const BUILD_ID: string | null = typeof __BUILD_ID__ === 'string' ? __BUILD_ID__ : null;
