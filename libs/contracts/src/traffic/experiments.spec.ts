import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreateExperimentDto, UpdateExperimentDto } from './experiments';

const experiment = {
  key: 'feed-ranking-v2',
  variants: [
    { name: 'control', weight: 50 },
    { name: 'treatment', weight: 50 },
  ],
  controlVariant: 'control',
  impressionEventGlob: 'feed.*_impression',
};

function errorsOf(dto: new () => object, body: object): string[] {
  return validateSync(plainToInstance(dto, body), {
    whitelist: true,
    forbidNonWhitelisted: true,
  }).map((error) => error.property);
}

describe('experiment variants', () => {
  it('accepts variants with distinct names', () => {
    expect(errorsOf(CreateExperimentDto, experiment)).toEqual([]);
  });

  it.each([
    ['a new experiment', CreateExperimentDto],
    ['a change', UpdateExperimentDto],
  ])('refuses %s whose variants repeat a name', (_what, dto) => {
    const variants = [
      { name: 'control', weight: 50 },
      { name: 'control', weight: 10 },
    ];
    const body = dto === CreateExperimentDto ? { ...experiment, variants } : { variants };
    expect(errorsOf(dto, body)).toEqual(['variants']);
  });
});
