export * from './role';
export * from './access.decorators';
export * from './access.guard';
export * from './jwt.strategy';
export * from './session-verifier';
