//! CPython 3.11's `hash()` for numbers, tuples and frozensets, as plain functions on Rust
//! values, so that sets and dicts built from them iterate in the same order as CPython's.
//!
//! This module owns the arithmetic only: the modulus `2**61 - 1` numeric hash shared by
//! `int`, `float` and `complex`, the xxHash-based tuple hash, the frozenset hash, the
//! pointer hash behind `object.__hash__` (and NaN's hash), and a fast fixed-key hash for
//! `str`/`bytes`. It does not know about interpreter objects: callers hash each element
//! themselves (`__hash__` lookup, unhashable-type errors, caching) and pass the results in.
//! CPython randomizes `str` hashes per process, so `hash_str` makes no attempt to match it.
//!
//! Every function returns a value that is never `-1`, which CPython reserves as its error
//! code; Python code can observe this (`hash(-1) == -2`).

use num_bigint::{BigInt, Sign};
use num_traits::ToPrimitive;

/// `sys.hash_info.modulus`: the Mersenne prime `2**61 - 1`.
pub const HASH_MODULUS: u64 = (1 << HASH_BITS) - 1;
/// `sys.hash_info.width` minus the sign: the modulus has this many bits.
const HASH_BITS: u32 = 61;
/// `sys.hash_info.inf`: the hash of `float('inf')`; `-inf` hashes to its negation.
pub const HASH_INF: i64 = 314_159;
/// `sys.hash_info.imag`: the multiplier for the imaginary part of a complex number.
pub const HASH_IMAG: u64 = 1_000_003;

/// Replace CPython's error code `-1` with `-2`, as every CPython hash function does.
fn not_minus_one(h: i64) -> i64 {
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `hash(n)` for an `int` that fits in an `i64`: `sign(n) * (|n| mod (2**61 - 1))`.
pub fn hash_i64(n: i64) -> i64 {
    let magnitude = n.unsigned_abs();
    if magnitude < HASH_MODULUS {
        // The common case: no division (and -1 is the only value to replace).
        return if n == -1 { -2 } else { n };
    }
    let reduced = (magnitude % HASH_MODULUS) as i64;
    not_minus_one(if n < 0 { -reduced } else { reduced })
}

/// `hash(n)` for an `int` of any size; agrees with `hash_i64` where both apply.
pub fn hash_bigint(n: &BigInt) -> i64 {
    // The remainder is below 2**61, so it always fits.
    let reduced = (n.magnitude() % HASH_MODULUS).to_u64().unwrap_or(0) as i64;
    not_minus_one(if n.sign() == Sign::Minus {
        -reduced
    } else {
        reduced
    })
}

/// `hash(x)` for a `float`, CPython's `_Py_HashDouble`: a float equal to an integer hashes
/// like that integer (`hash(3.0) == hash(3)`), and in general `x` hashes as the rational it
/// represents, reduced modulo `2**61 - 1`. `inf` and `-inf` hash to `±314159`.
///
/// Returns `None` for NaN: since 3.10, CPython hashes each NaN object by its identity (so
/// distinct NaNs can share a set), which only the caller knows. The caller should then use
/// `hash_pointer(address_of_the_float_object)`.
pub fn hash_f64(x: f64) -> Option<i64> {
    if x.is_nan() {
        return None;
    }
    if x.is_infinite() {
        return Some(if x > 0.0 { HASH_INF } else { -HASH_INF });
    }
    let (mut mantissa, mut exponent) = frexp(x);
    let negative = mantissa < 0.0;
    if negative {
        mantissa = -mantissa;
    }
    // Feed the mantissa in 28 bits at a time; multiplying by 2**28 moves the next chunk into
    // the integer part. Each step multiplies the running value by 2**28 modulo 2**61 - 1,
    // which for a Mersenne modulus is a 28-bit rotation within 61 bits.
    let mut acc: u64 = 0;
    while mantissa != 0.0 {
        acc = ((acc << 28) & HASH_MODULUS) | (acc >> (HASH_BITS - 28));
        mantissa *= 268_435_456.0; // 2**28
        exponent -= 28;
        let chunk = mantissa as u64;
        mantissa -= chunk as f64;
        acc += chunk;
        if acc >= HASH_MODULUS {
            acc -= HASH_MODULUS;
        }
    }
    // Multiply by 2**exponent modulo 2**61 - 1: again a rotation, by exponent mod 61.
    let bits = HASH_BITS as i32;
    let shift = if exponent >= 0 {
        exponent % bits
    } else {
        bits - 1 - ((-1 - exponent) % bits)
    } as u32;
    acc = ((acc << shift) & HASH_MODULUS) | (acc >> (HASH_BITS - shift));
    let signed = acc as i64;
    Some(not_minus_one(if negative { -signed } else { signed }))
}

/// C's `frexp`: `x == m * 2**e` with `0.5 <= |m| < 1`, or `(x, 0)` for zero.
/// Only called with finite `x`.
fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 {
        return (x, 0);
    }
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    if biased == 0 {
        // Subnormal: scale into the normal range first, then correct the exponent.
        let (m, e) = frexp(x * f64::from_bits(0x43f0_0000_0000_0000)); // 2**64
        return (m, e - 64);
    }
    // Replace the exponent field with the one for [0.5, 1), keeping sign and mantissa.
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, biased - 1022)
}

/// `hash(complex(real, imag))`: `hash(real) + 1000003 * hash(imag)` in wrapping arithmetic.
/// Returns `None` if either part is NaN; see `hash_f64` (CPython then hashes that part by
/// the identity of the complex object).
pub fn hash_complex(real: f64, imag: f64) -> Option<i64> {
    let real_hash = hash_f64(real)? as u64;
    let imag_hash = hash_f64(imag)? as u64;
    let combined = real_hash.wrapping_add(HASH_IMAG.wrapping_mul(imag_hash));
    Some(not_minus_one(combined as i64))
}

/// CPython's `_Py_HashPointer`, behind `object.__hash__` and the hash of NaN: the address
/// rotated right by 4 bits, because objects are aligned and the low bits carry no entropy.
pub fn hash_pointer(address: usize) -> i64 {
    not_minus_one(address.rotate_right(4) as isize as i64)
}

const XXPRIME_1: u64 = 11_400_714_785_074_694_791;
const XXPRIME_2: u64 = 14_029_467_366_897_019_727;
const XXPRIME_5: u64 = 2_870_177_450_012_600_261;

/// `hash(t)` for a tuple whose items hash to `item_hashes`, CPython 3.11's `tuplehash`
/// (a simplified xxHash64 over the item hashes).
pub fn hash_tuple(item_hashes: &[i64]) -> i64 {
    let mut acc = XXPRIME_5;
    for &item in item_hashes {
        acc = acc.wrapping_add((item as u64).wrapping_mul(XXPRIME_2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(XXPRIME_1);
    }
    // The length is mixed in so that hash(()) keeps its historical value.
    acc = acc.wrapping_add(item_hashes.len() as u64 ^ (XXPRIME_5 ^ 3_527_539));
    if acc == u64::MAX {
        return 1_546_275_796;
    }
    acc as i64
}

/// Scramble one element hash before it is xor-ed into a frozenset hash, so that nearby
/// element hashes do not cancel each other.
fn shuffle_bits(h: u64) -> u64 {
    ((h ^ 89_869_747) ^ (h << 16)).wrapping_mul(3_644_798_167)
}

/// `hash(frozenset(...))` for a frozenset whose (distinct) elements hash to `item_hashes`,
/// in any order: CPython 3.11's `frozenset_hash`. CPython also xors in the hashes of its
/// table's empty and deleted slots and then removes them again; the result is the same as
/// hashing only the live entries, which is what this does.
pub fn hash_frozenset(item_hashes: &[i64]) -> i64 {
    let mut acc: u64 = 0;
    for &item in item_hashes {
        acc ^= shuffle_bits(item as u64);
    }
    acc ^= (item_hashes.len() as u64 + 1).wrapping_mul(1_927_868_237);
    // Disperse patterns arising in nested frozensets.
    acc ^= (acc >> 11) ^ (acc >> 25);
    acc = acc.wrapping_mul(69_069).wrapping_add(907_133_923);
    if acc == u64::MAX {
        return 590_923_713;
    }
    acc as i64
}

/// A fast hash for `str` (a word-at-a-time multiply-rotate hash with a final avalanche),
/// deterministic across runs. It does not reproduce CPython's value, which CPython itself
/// randomizes per process. As in CPython, `hash("") == 0`.
pub fn hash_str(s: &str) -> i64 {
    hash_bytes(s.as_bytes())
}

/// `hash(b)` for `bytes`; equal to `hash_str` of the same UTF-8 bytes, as in CPython where
/// an ASCII `str` and the equal `bytes` hash alike.
pub fn hash_bytes(bytes: &[u8]) -> i64 {
    if bytes.is_empty() {
        return 0;
    }
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h: u64 = 0x9e37_79b9_7f4a_7c15 ^ (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    }
    // Avalanche, so that the low bits a table uses depend on every input bit.
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    not_minus_one(h as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn big(s: &str) -> BigInt {
        s.parse().expect("test literal")
    }

    #[test]
    fn ints_match_cpython() {
        // python3: [hash(v) for v in [0, 1, -1, -2, 2**61-1, 2**61, 2**61-2, -(2**61),
        //                            2**63-1, -2**63]]
        let cases: [(i64, i64); 10] = [
            (0, 0),
            (1, 1),
            (-1, -2),
            (-2, -2),
            ((1 << 61) - 1, 0),
            (1 << 61, 1),
            ((1 << 61) - 2, 2_305_843_009_213_693_950),
            (-(1 << 61), -2),
            (i64::MAX, 3),
            (i64::MIN, -4),
        ];
        for (n, expected) in cases {
            assert_eq!(hash_i64(n), expected, "hash({n})");
            assert_eq!(
                hash_bigint(&BigInt::from(n)),
                expected,
                "hash({n}) as bigint"
            );
        }
    }

    #[test]
    fn big_ints_match_cpython() {
        // python3: hash(2**64), hash(-2**70), hash(10**30), hash(-(10**30)), hash(2**122-2)
        assert_eq!(hash_bigint(&big("18446744073709551616")), 8);
        let minus_two_70: BigInt = -(BigInt::from(1u8) << 70u32);
        assert_eq!(hash_bigint(&minus_two_70), -512);
        assert_eq!(
            hash_bigint(&big("1000000000000000000000000000000")),
            465_258_685_558_744_706
        );
        assert_eq!(
            hash_bigint(&big("-1000000000000000000000000000000")),
            -465_258_685_558_744_706
        );
        let n: BigInt = (BigInt::from(1u8) << 122u32) - 2;
        assert_eq!(hash_bigint(&n), 2_305_843_009_213_693_950);
    }

    #[test]
    fn floats_match_cpython() {
        let cases: [(f64, i64); 17] = [
            (0.0, 0),
            (-0.0, 0),
            (1.5, 1_152_921_504_606_846_977),
            (-1.5, -1_152_921_504_606_846_977),
            (1e100, 1_822_893_315_824_342_674),
            (-1e100, -1_822_893_315_824_342_674),
            (0.1, 230_584_300_921_369_408),
            (1e-300, 482_449_582_752_280_463),
            (5e-324, 16_777_216),
            (2.0f64.powi(61), 1),
            (1e308, 156_575_653_125_701),
            (f64::INFINITY, 314_159),
            (f64::NEG_INFINITY, -314_159),
            (123_456.789, 1_819_310_134_279_660_096),
            (-1.0, -2),
            (3.0, 3),
            (2.5, 1_152_921_504_606_846_978),
        ];
        for (x, expected) in cases {
            assert_eq!(hash_f64(x), Some(expected), "hash({x:e})");
        }
        assert_eq!(hash_f64(f64::NAN), None);
    }

    #[test]
    fn integral_floats_hash_like_ints() {
        for n in [0i64, 7, -7, 1 << 52, -(1 << 60), 1 << 62] {
            assert_eq!(hash_f64(n as f64), Some(hash_i64(n)));
        }
    }

    #[test]
    fn complex_matches_cpython() {
        // python3: [hash(c) for c in [1j, 1+2j, -1.5-0.5j, complex(3, 0)]]
        assert_eq!(hash_complex(0.0, 1.0), Some(1_000_003));
        assert_eq!(hash_complex(1.0, 2.0), Some(2_000_007));
        assert_eq!(hash_complex(-1.5, -0.5), Some(-4_611_686_018_427_387_905));
        assert_eq!(hash_complex(3.0, 0.0), Some(3));
        assert_eq!(hash_complex(f64::NAN, 0.0), None);
    }

    #[test]
    fn tuples_match_cpython() {
        let h = hash_tuple;
        let one_two_three = h(&[1, 2, 3]);
        assert_eq!(h(&[]), 5_740_354_900_026_072_187);
        assert_eq!(h(&[1]), -6_644_214_454_873_602_895);
        assert_eq!(one_two_three, 529_344_067_295_497_451);
        assert_eq!(h(&[1, h(&[2, 3])]), 7_267_574_591_690_527_098);
        assert_eq!(h(&[-2]), 8_078_679_518_589_016_365); // (-1,)
        assert_eq!(h(&[0]), -8_753_497_827_991_233_192); // ("",)
        assert_eq!(
            h(&[1_152_921_504_606_846_977, 2]),
            8_274_728_468_405_361_693
        );
        assert_eq!(h(&[h(&[]), h(&[])]), 9_028_247_024_705_308_198);
    }

    #[test]
    fn frozensets_match_cpython() {
        let h = hash_frozenset;
        assert_eq!(h(&[]), 133_146_708_735_736);
        assert_eq!(h(&[1]), -558_064_481_276_695_278);
        assert_eq!(h(&[1, 2, 3]), -272_375_401_224_217_160);
        assert_eq!(h(&[3, 1, 2]), -272_375_401_224_217_160);
        assert_eq!(h(&[h(&[])]), -6_993_584_179_861_130_285);
        assert_eq!(h(&[0]), -2_704_248_722_033_767_810);
        assert_eq!(h(&[-2]), 6_776_983_852_052_281_967);
    }

    #[test]
    fn pointer_hash_rotates_by_four() {
        assert_eq!(hash_pointer(0x1000), 0x100);
        assert_eq!(hash_pointer(0x0001_2345_6780), 0x1234_5678);
        assert_eq!(hash_pointer(0x13), 0x3000_0000_0000_0001);
    }

    #[test]
    fn str_hash_is_stable_and_never_minus_one() {
        assert_eq!(hash_str(""), 0);
        assert_eq!(hash_str("spam"), hash_str("spam"));
        assert_eq!(hash_str("spam"), hash_bytes(b"spam"));
        assert_ne!(hash_str("spam"), hash_str("eggs"));
        assert_ne!(hash_str("ab"), -1);
    }
}
