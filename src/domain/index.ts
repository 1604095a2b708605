export * from './ids';
export * from './geometry';
export * from './provenance';
export * from './label-schema';
export * from './project';
export * from './review';
export * from './image';
export * from './annotation';
