import { describe, expect, it } from 'vitest';
import { uncitedFigures } from '../../src/tools/cited-figures.js';

describe('uncitedFigures', () => {
  const data = '{"duration":"1 h 23 min 5 s","worst":{"value":12.5,"unit":"%"},"at":"2026-12-01T10:04:11.000Z"}';

  it('accepts figures present in the data, whole, and the hours and minutes of a time', () => {
    expect(uncitedFigures('It lasted 1 h 23 min 5 s; errors peaked at 12.50 % at 10:04 on 2026-12-01.', data)).toEqual([]);
  });

  it('names figures the data does not hold, including one that only shares digits with a figure there', () => {
    expect(uncitedFigures('Errors peaked at 12.6 % and 37 users complained; 1.5 h of impact.', data)).toEqual(['12.6', '37', '1.5']);
  });
});
