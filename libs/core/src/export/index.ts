export * from './table-export';
export * from './exported-file.model';
