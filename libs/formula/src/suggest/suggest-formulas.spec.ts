import { compileFormula } from '../compile-formula';
import { suggestFormulas } from './suggest-formulas';

function formulas(text: string): string[] {
  return suggestFormulas(text).suggestions.map((suggestion) => suggestion.formula);
}

describe('suggestFormulas', () => {
  it('turns a drop since yesterday into an alert condition and a percentage change', () => {
    expect(formulas('traffic dropped by 50% since yesterday')).toEqual([
      'ifelse(count() < count(shift="1d") * 0.5, 1, 0)',
      '(count() - count(shift="1d")) / count(shift="1d") * 100',
    ]);
  });

  it('reads the percentage and the period', () => {
    expect(formulas('clicks fell 80 percent compared to last week')[0]).toBe(
      'ifelse(count() < count(shift="1w") * 0.2, 1, 0)',
    );
    expect(formulas('traffic rose by 20% in the last hour')[0]).toBe(
      'ifelse(count() > count(shift="1h") * 1.2, 1, 0)',
    );
  });

  it('does not read a rise into "set up"', () => {
    expect(formulas('set up an alert when traffic drops by 30%')).toEqual([
      'ifelse(count() < count(shift="1d") * 0.7, 1, 0)',
      '(count() - count(shift="1d")) / count(shift="1d") * 100',
    ]);
    expect(formulas('signups up 10% on last week')[0]).toBe(
      'ifelse(count() > count(shift="1w") * 1.1, 1, 0)',
    );
  });

  it('compares week over week and day over day', () => {
    expect(formulas('week over week')).toEqual([
      '(count() - count(shift="1w")) / count(shift="1w") * 100',
      'count() / count(shift="1w")',
    ]);
    expect(formulas('Day over day')[1]).toBe('count() / count(shift="1d")');
    expect(formulas('WoW')[1]).toBe('count() / count(shift="1w")');
  });

  it('filters on an event id and dimensions named in the text', () => {
    expect(
      formulas('day over day for pandc.vnext.recommendations.feed.feed* in region=eu')[1],
    ).toBe(
      'count(eventId="pandc.vnext.recommendations.feed.feed*", region="eu") / count(eventId="pandc.vnext.recommendations.feed.feed*", region="eu", shift="1d")',
    );
    expect(formulas('moving average of "checkout.*" for variant: B')[0]).toBe(
      'moving_average(count(eventId="checkout.*", variant="B"), window=6)',
    );
  });

  it('does not take apostrophes or dimension values for event ids', () => {
    expect(formulas('the feed\'s traffic dropped by 40% since yesterday for host "web-1"')[0]).toBe(
      'ifelse(count(host="web-1") < count(host="web-1", shift="1d") * 0.6, 1, 0)',
    );
  });

  it('knows the common rates', () => {
    expect(formulas('error rate')).toEqual(['count(eventId="*error*") / count() * 100']);
    expect(formulas('error rate in region=us')).toEqual([
      'count(eventId="*error*", region="us") / count(region="us") * 100',
    ]);
    expect(formulas('click-through rate')).toEqual([
      'count(eventId="*click*") / count(eventId="*impression*") * 100',
    ]);
    expect(formulas('CTR')).toHaveLength(1);
  });

  it('builds moving averages with the window asked for', () => {
    expect(formulas('moving average')).toEqual(['moving_average(count(), window=6)']);
    expect(formulas('smoothed over 24 points')).toEqual(['moving_average(count(), window=24)']);
  });

  it('offers spike detection two ways', () => {
    expect(formulas('alert me on a spike')).toEqual([
      'ifelse(count() > moving_average(count(), window=12) * 2, 1, 0)',
      '(count() - overall_average(count())) / overall_standard_deviation(count())',
    ]);
  });

  it('covers running totals, stopped traffic, per-minute rates and shares', () => {
    expect(formulas('running total')).toEqual(['cumulative_sum(count())']);
    expect(formulas('traffic stopped')).toEqual(['count() == 0']);
    expect(formulas('events per minute')).toEqual(['average()']);
    expect(formulas('share of total')).toEqual(['count() / overall_sum(count()) * 100']);
  });

  it('explains every suggestion, and every suggestion compiles', () => {
    const texts = [
      'traffic dropped by 50% since yesterday',
      'week over week',
      'error rate',
      'click-through rate',
      'moving average of 3',
      'spike',
      'orders doubled since last week for experiment=exp-9 variant=control',
      'running total of signup.completed',
    ];
    for (const text of texts) {
      const { suggestions } = suggestFormulas(text);
      expect(suggestions.length).toBeGreaterThan(0);
      for (const suggestion of suggestions) {
        expect(compileFormula(suggestion.formula).ok).toBe(true);
        expect(suggestion.explanation.length).toBeGreaterThan(20);
        expect(suggestion.title.length).toBeGreaterThan(0);
      }
    }
  });

  it('answers text it does not understand with no suggestions and a hint', () => {
    const result = suggestFormulas('make me a sandwich');
    expect(result.suggestions).toEqual([]);
    expect(result.hint).toContain('week over week');
    expect(suggestFormulas('').suggestions).toEqual([]);
  });

  it('drops a suggestion whose glob taken from the text would not compile', () => {
    const longGlob = `${'a'.repeat(300)}.b`;
    expect(formulas(`week over week for ${longGlob}`)).toEqual([]);
  });
});
