import { PipeTransform } from '@nestjs/common';
import { Args, ID } from '@nestjs/graphql';
import { isUUID } from 'class-validator';
import { badInput } from '../errors';

class UuidPipe implements PipeTransform<unknown, string> {
  constructor(private readonly name: string) {}

  transform(value: unknown): string {
    if (typeof value !== 'string' || !isUUID(value)) throw badInput(this.name, `${this.name} must be an id (UUID)`);
    return value.toLowerCase();
  }
}

/** An `ID!` argument that must be a UUID: a malformed id is the caller's mistake, not a database error. */
export const IdArg = (name = 'id') => Args(name, { type: () => ID }, new UuidPipe(name));
