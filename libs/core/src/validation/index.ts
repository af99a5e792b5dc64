export * from './validation.pipe';
export * from './decimal.decorators';
export * from './is-uscc.decorator';
export * from './control-characters';
