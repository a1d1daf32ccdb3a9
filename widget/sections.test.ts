import { expect } from '@open-wc/testing';
import { defaultSections, parseSections } from './sections.ts';

describe('parseSections', () => {
  it('keeps known names in the given order, once each, whatever the case and separators', () => {
    expect(parseSections('history,value')).to.deep.equal(['history', 'value']);
    expect(parseSections(' VALUE  history, value ')).to.deep.equal(['value', 'history']);
    expect(parseSections('prediction history')).to.deep.equal(['prediction', 'history']);
    expect(parseSections('rewards, tier milestones')).to.deep.equal(['rewards', 'tier', 'milestones']);
    expect(parseSections('goals simulator,Suggestions')).to.deep.equal(['goals', 'simulator', 'suggestions']);
  });

  it('skips names this version does not know, such as typos and those later versions may add', () => {
    expect(parseSections('value,referrals,histroy')).to.deep.equal(['value']);
  });

  it('falls back to the default sections when nothing known is listed', () => {
    for (const attribute of [undefined, null, '', ' , ', 'referrals', 'constructor', '__proto__']) {
      expect(parseSections(attribute), String(attribute)).to.deep.equal([...defaultSections]);
    }
    expect(defaultSections).to.deep.equal([
      'value',
      'history',
      'tier',
      'prediction',
      'suggestions',
      'simulator',
      'goals',
      'milestones',
      'rewards',
    ]);
  });
});
