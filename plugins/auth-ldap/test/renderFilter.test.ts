import { expect } from 'chai';
import { renderFilter } from '../src/renderFilter.js';

describe('renderFilter', () => {
  it('escapes the RFC 4515 specials of the login', () => {
    expect(renderFilter('(uid={login})', { login: '*)(uid=*' })).to.equal('(uid=\\2a\\29\\28uid=\\2a)');
    expect(renderFilter('(uid={login})', { login: 'a\\b\0c' })).to.equal('(uid=a\\5cb\\00c)');
  });

  it('fills every occurrence of {login} and {dn}, in one pass', () => {
    expect(
      renderFilter('(|(uid={login})(mail={login})(member={dn}))', { login: '{dn}', dn: 'uid=x\\,y,dc=z' }),
    ).to.equal('(|(uid={dn})(mail={dn})(member=uid=x\\5c,y,dc=z))');
  });

  it('leaves other characters, non-ASCII included, as they are', () => {
    expect(renderFilter('(cn={login})', { login: 'Zoë Ünal {x}' })).to.equal('(cn=Zoë Ünal {x})');
  });

  it('refuses a template that names a value it was not given', () => {
    expect(() => renderFilter('(member={dn})', { login: 'ada' })).to.throw(
      'the filter (member={dn}) refers to {dn}, which is unknown here',
    );
  });
});
