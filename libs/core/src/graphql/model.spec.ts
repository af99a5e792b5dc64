import { toModel } from './model';

class SampleModel {
  id: string;
  note?: string | null;

  describe(): string {
    return `sample ${this.id}`;
  }
}

describe('toModel', () => {
  it('builds an instance of the model with the given fields, keeping its methods', () => {
    const model = toModel(SampleModel, { id: 'a-1', note: null });
    expect(model).toBeInstanceOf(SampleModel);
    expect(model.describe()).toBe('sample a-1');
    expect(model.note).toBeNull();
  });

  it('lets optional fields be left out', () => {
    expect(toModel(SampleModel, { id: 'a-2' })).toEqual(Object.assign(new SampleModel(), { id: 'a-2' }));
  });

  it('refuses, at compile time, a mapping that forgets a required field', () => {
    // @ts-expect-error `id` is required: the type check is the point of toModel.
    const incomplete = toModel(SampleModel, { note: 'no id' });
    expect(incomplete.id).toBeUndefined();
  });
});
