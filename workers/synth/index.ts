// The synthetic data generator's public surface: physics (sphere E-field, coil), cortex patch, experiment, responses, demo.
export * from './coil';
export * from './cortex';
export * from './demo';
export * from './experiment';
export * from './responses';
export * from './rng';
export * from './sphere-efield';
