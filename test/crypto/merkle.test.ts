// RFC 6962 Merkle trees: the Certificate Transparency reference vectors, and the compact
// frontier against the recursive definition of MTH for every size up to 130.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EMPTY_ROOT, Frontier, leafHash, nodeHash } from '../../src/crypto/merkle.js';

// Leaves and roots from the certificate-transparency test data (merkle_tree_test.cc).
const CT_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

// RFC 6962 §2.1 MTH, written recursively exactly as the RFC defines it.
function mth(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return createHash('sha256').digest();
  if (leaves.length === 1) return createHash('sha256').update(Buffer.from([0])).update(leaves[0] as Buffer).digest();
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return createHash('sha256').update(Buffer.from([1])).update(mth(leaves.slice(0, k))).update(mth(leaves.slice(k))).digest();
}

describe('RFC 6962 hashing', () => {
  it('matches the Certificate Transparency root for every size 0..8', () => {
    const frontier = Frontier.empty();
    expect(frontier.root().toString('hex')).toBe(CT_ROOTS[0]);
    CT_LEAVES.forEach((leaf, i) => {
      frontier.push(leafHash(Buffer.from(leaf, 'hex')));
      expect(frontier.root().toString('hex'), `size ${i + 1}`).toBe(CT_ROOTS[i + 1]);
    });
  });

  it('leaf and node hashes use the 0x00 and 0x01 prefixes', () => {
    const data = Buffer.from('leaf');
    expect(leafHash(data)).toEqual(createHash('sha256').update(Buffer.concat([Buffer.from([0]), data])).digest());
    const l = Buffer.alloc(32, 1);
    const r = Buffer.alloc(32, 2);
    expect(nodeHash(l, r)).toEqual(createHash('sha256').update(Buffer.concat([Buffer.from([1]), l, r])).digest());
    expect(EMPTY_ROOT.toString('hex')).toBe(CT_ROOTS[0]);
  });

  it('leafHash is correct for long inputs too (its scratch buffer grows)', () => {
    const big = Buffer.alloc(100_000, 7);
    expect(leafHash(big)).toEqual(createHash('sha256').update(Buffer.from([0])).update(big).digest());
    expect(leafHash(Buffer.from('x'))).toEqual(createHash('sha256').update(Buffer.from([0, 0x78])).digest());
  });

  it('the frontier root equals the recursive MTH for sizes 0..130, also after serialise/restore', () => {
    const leaves: Buffer[] = [];
    let frontier = Frontier.empty();
    for (let n = 0; n <= 130; n++) {
      expect(frontier.size).toBe(n);
      expect(frontier.root().equals(mth(leaves)), `size ${n}`).toBe(true);
      frontier = Frontier.restore(n, frontier.serialize());
      const data = Buffer.from(`entry ${n}`);
      leaves.push(data);
      frontier.push(leafHash(data));
    }
  });

  it.each([
    [3, 1],
    [4, 2],
    [5, 0],
  ])('refuses a stored frontier that cannot belong to a tree of %i leaves (%i nodes)', (size, nodes) => {
    expect(() => Frontier.restore(size, Buffer.alloc(32 * nodes))).toThrow(/does not fit/);
  });

  it('refuses a stored frontier that is not whole hashes', () => {
    expect(() => Frontier.restore(1, Buffer.alloc(31))).toThrow(/does not fit/);
  });
});
