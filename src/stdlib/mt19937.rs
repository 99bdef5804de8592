//! The generator behind minipy's `random` module: CPython 3.11's Mersenne Twister
//! (`Modules/_randommodule.c`) and the integer and sequence methods `Lib/random.py` builds
//! on it, reproduced bit for bit, so that a seeded minipy program draws exactly the numbers
//! CPython would.
//!
//! This module owns the generator state, seeding (int, str/bytes, OS entropy), `random()`,
//! `getrandbits`, `_randbelow`, `randrange`/`randint`, the index sequences of `choice`,
//! `choices`, `shuffle` and `sample`, and the float distributions `uniform`, `gauss`,
//! `normalvariate` and `expovariate`. It does not know about interpreter objects: the caller
//! converts arguments, raises the Python exceptions (a `String` error here is the message of
//! a `ValueError`), and applies the returned indices to its own sequences. It includes a
//! small SHA-512, used only by `seed_bytes`, so that the crate needs no hashing dependency.

use num_bigint::{BigInt, BigUint, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive};
use std::collections::HashSet;

/// Size of the state vector, in 32-bit words.
const N: usize = 624;
/// The middle word used by the twist.
const M: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER_MASK: u32 = 0x8000_0000;
const LOWER_MASK: u32 = 0x7fff_ffff;

/// One `random.Random` instance's state: the Mersenne Twister words, the position of the
/// next word to temper, and `gauss()`'s cached second value.
#[derive(Clone)]
pub struct Mt19937 {
    state: [u32; N],
    /// Index of the next word in `state`; `N` means "twist before the next draw".
    index: usize,
    /// `Random.gauss_next`: `gauss()` makes two values at a time and keeps one here.
    gauss_next: Option<f64>,
}

impl Mt19937 {
    /// A generator in the reference MT19937 default state (`init_genrand(5489)`). CPython
    /// never exposes an unseeded generator; call one of the `seed_*` methods before use to
    /// match it.
    pub fn new_unseeded() -> Self {
        let mut mt = Mt19937 {
            state: [0; N],
            index: N,
            gauss_next: None,
        };
        mt.init_genrand(5489);
        mt
    }

    fn init_genrand(&mut self, seed: u32) {
        let mt = &mut self.state;
        mt[0] = seed;
        for i in 1..N {
            mt[i] = 1_812_433_253u32
                .wrapping_mul(mt[i - 1] ^ (mt[i - 1] >> 30))
                .wrapping_add(i as u32);
        }
        self.index = N;
    }

    fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19_650_218);
        self.gauss_next = None;
        let mt = &mut self.state;
        let (mut i, mut j) = (1usize, 0usize);
        for _ in 0..N.max(key.len()) {
            let prev = mt[i - 1] ^ (mt[i - 1] >> 30);
            mt[i] = (mt[i] ^ prev.wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = mt[i - 1] ^ (mt[i - 1] >> 30);
            mt[i] = (mt[i] ^ prev.wrapping_mul(1_566_083_941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x8000_0000; // MSB is 1, assuring a non-zero initial array.
    }

    /// `random.seed(n)` for an `int` (including `bool`): the 32-bit little-endian chunks of
    /// `|n|` (one zero chunk for 0) become the `init_by_array` key.
    pub fn seed_int(&mut self, n: &BigInt) {
        let mut key = n.magnitude().to_u32_digits();
        if key.is_empty() {
            key.push(0);
        }
        self.init_by_array(&key);
    }

    /// `random.seed(x)` for a hashable that is not an int, str, bytes or bytearray (a float,
    /// say): CPython seeds with `hash(x)` reinterpreted as an unsigned machine word.
    pub fn seed_hash(&mut self, hash: i64) {
        self.seed_int(&BigInt::from(hash as u64));
    }

    /// `random.seed(s)` for `str` (pass its UTF-8 bytes), `bytes` or `bytearray`, version 2:
    /// `int.from_bytes(s + sha512(s).digest(), 'big')` is used as an int seed.
    pub fn seed_bytes(&mut self, data: &[u8]) {
        let mut bytes = data.to_vec();
        bytes.extend_from_slice(&sha512(data));
        self.seed_int(&BigInt::from_bytes_be(Sign::Plus, &bytes));
    }

    /// `random.seed(None)`: 624 words from `/dev/urandom`, or, if that cannot be read,
    /// CPython's fallback key made from the clock and the process id.
    pub fn seed_from_os(&mut self) {
        use std::io::Read;
        let mut bytes = [0u8; 4 * N];
        let read = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut bytes));
        if read.is_ok() {
            let key: Vec<u32> = bytes
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect();
            self.init_by_array(&key);
            return;
        }
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        let pid = std::process::id();
        // CPython adds the monotonic clock; the address of a local varies between runs
        // under ASLR and serves the same purpose here.
        let marker = &now as *const u64 as usize as u64;
        let key = [
            now as u32,
            (now >> 32) as u32,
            pid,
            marker as u32,
            (marker >> 32) as u32,
        ];
        self.init_by_array(&key);
    }

    /// The next raw 32-bit output (CPython's `genrand_uint32`).
    pub fn genrand_u32(&mut self) -> u32 {
        if self.index >= N {
            self.twist();
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// Regenerate all `N` words at once.
    fn twist(&mut self) {
        let mt = &mut self.state;
        let mix = |upper: u32, lower: u32| {
            let y = (upper & UPPER_MASK) | (lower & LOWER_MASK);
            (y >> 1) ^ if y & 1 == 1 { MATRIX_A } else { 0 }
        };
        for k in 0..N - M {
            mt[k] = mt[k + M] ^ mix(mt[k], mt[k + 1]);
        }
        for k in N - M..N - 1 {
            mt[k] = mt[k + M - N] ^ mix(mt[k], mt[k + 1]);
        }
        mt[N - 1] = mt[M - 1] ^ mix(mt[N - 1], mt[0]);
        self.index = 0;
    }

    /// `random.random()`: 27 + 26 random bits make a float in `[0, 1)` with 53-bit resolution.
    pub fn random(&mut self) -> f64 {
        let a = self.genrand_u32() >> 5;
        let b = self.genrand_u32() >> 6;
        (f64::from(a) * 67_108_864.0 + f64::from(b)) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `random.getrandbits(k)`: the first 32-bit word supplies the least significant bits,
    /// and the last word is shifted right to drop the bits beyond `k`.
    /// (The caller raises `ValueError("number of bits must be non-negative")` for `k < 0`.)
    pub fn getrandbits(&mut self, k: u32) -> BigUint {
        self.getrandbits_wide(u64::from(k))
    }

    fn getrandbits_wide(&mut self, k: u64) -> BigUint {
        if k <= 64 {
            return BigUint::from(self.getrandbits_u64(k as u32));
        }
        let words = (k - 1) / 32 + 1;
        let mut digits = Vec::with_capacity(words as usize);
        let mut remaining = k;
        for _ in 0..words {
            let mut word = self.genrand_u32();
            if remaining < 32 {
                word >>= 32 - remaining;
            }
            digits.push(word);
            remaining = remaining.saturating_sub(32);
        }
        BigUint::new(digits)
    }

    /// `getrandbits(k)` for `k <= 64`, without allocating; same draws as `getrandbits`.
    fn getrandbits_u64(&mut self, k: u32) -> u64 {
        match k {
            0 => 0,
            1..=32 => u64::from(self.genrand_u32() >> (32 - k)),
            _ => {
                let low = u64::from(self.genrand_u32());
                let high = u64::from(self.genrand_u32() >> (64 - k.min(64)));
                low | (high << 32)
            }
        }
    }

    /// `Random._randbelow(n)` (`_randbelow_with_getrandbits`): a uniform int in `[0, n)` by
    /// rejection sampling with `n.bit_length()` bits. CPython requires `n > 0` (for 0 it
    /// loops forever); here `n == 0` returns 0 without drawing.
    pub fn randbelow(&mut self, n: &BigUint) -> BigUint {
        if let Some(small) = n.to_u64() {
            return BigUint::from(self.randbelow_u64(small));
        }
        let k = n.bits();
        loop {
            let r = self.getrandbits_wide(k);
            if &r < n {
                return r;
            }
        }
    }

    /// `randbelow` for a `u64` bound, without allocating; same draws.
    fn randbelow_u64(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        let k = 64 - n.leading_zeros();
        loop {
            let r = self.getrandbits_u64(k);
            if r < n {
                return r;
            }
        }
    }

    fn randbelow_usize(&mut self, n: usize) -> usize {
        self.randbelow_u64(n as u64) as usize
    }

    /// `random.randrange(start)` (`stop` is `None`) or `randrange(start, stop[, step])`,
    /// with CPython 3.11's `ValueError` messages as the error. The caller handles what needs
    /// the original objects: integer conversion (`operator.index`) and the
    /// `TypeError('Missing a non-None stop argument')` raised when `stop` is `None` but a
    /// step was given; here `step` is ignored when `stop` is `None`.
    pub fn randrange(
        &mut self,
        start: &BigInt,
        stop: Option<&BigInt>,
        step: &BigInt,
    ) -> Result<BigInt, String> {
        let Some(stop) = stop else {
            if start.is_positive() {
                return Ok(self.randbelow_int(start));
            }
            return Err("empty range for randrange()".to_string());
        };
        let width = stop - start;
        if step.is_one() {
            if width.is_positive() {
                return Ok(start + self.randbelow_int(&width));
            }
            return Err(format!(
                "empty range for randrange() ({start}, {stop}, {width})"
            ));
        }
        let count: BigInt = if step.is_positive() {
            (&width + step - 1u8).div_floor(step)
        } else if step.is_negative() {
            (&width + step + 1u8).div_floor(step)
        } else {
            return Err("zero step for randrange()".to_string());
        };
        if !count.is_positive() {
            return Err("empty range for randrange()".to_string());
        }
        Ok(start + step * self.randbelow_int(&count))
    }

    /// `randrange(start, stop, step)` of machine ints (`randrange(n)` is `(0, n, 1)`): the
    /// same draws as `randrange`, without big integers. `None` for an empty range or a zero
    /// step, drawing nothing, so that the caller can raise `randrange`'s error.
    pub fn randrange_i64(&mut self, start: i64, stop: i64, step: i64) -> Option<i64> {
        let start = i128::from(start);
        let (width, step) = (i128::from(stop) - start, i128::from(step));
        let count = match step {
            1 => width,
            s if s > 0 => Integer::div_floor(&(width + s - 1), &s),
            s if s < 0 => Integer::div_floor(&(width + s + 1), &s),
            _ => return None,
        };
        if count <= 0 {
            return None;
        }
        let drawn = i128::from(self.randbelow_u64(u64::try_from(count).ok()?));
        i64::try_from(start + step * drawn).ok()
    }

    /// `randbelow` for a positive `BigInt`.
    fn randbelow_int(&mut self, n: &BigInt) -> BigInt {
        BigInt::from(self.randbelow(n.magnitude()))
    }

    /// `random.randint(a, b)`: `randrange(a, b + 1)`, errors included.
    pub fn randint(&mut self, a: &BigInt, b: &BigInt) -> Result<BigInt, String> {
        let stop = b + 1;
        self.randrange(a, Some(&stop), &BigInt::one())
    }

    /// The index `random.choice(seq)` picks, or `None` for an empty sequence (the caller
    /// raises `IndexError('Cannot choose from an empty sequence')`).
    pub fn choice_index(&mut self, len: usize) -> Option<usize> {
        if len == 0 {
            return None;
        }
        Some(self.randbelow_usize(len))
    }

    /// One index of `random.choices(population, k=...)` without weights:
    /// `floor(random() * len)`. Call it `k` times.
    pub fn choices_index(&mut self, len: usize) -> usize {
        (self.random() * len as f64).floor() as usize
    }

    /// One index of `random.choices` with cumulative weights (`weights` are accumulated by
    /// the caller): `bisect(cum_weights, random() * total, 0, len - 1)`. The caller checks
    /// CPython's errors first: lengths match, the total is positive and finite.
    pub fn choices_weighted_index(&mut self, cum_weights: &[f64]) -> usize {
        let Some(&last) = cum_weights.last() else {
            return 0;
        };
        let target = self.random() * last;
        let hi = cum_weights.len() - 1;
        cum_weights[..hi].partition_point(|&w| w <= target)
    }

    /// The swaps `random.shuffle(x)` performs on a list of length `len`, in order:
    /// for `i` in `len-1 .. 1`, swap `x[i]` with `x[_randbelow(i + 1)]`.
    pub fn shuffle_indices(&mut self, len: usize) -> Vec<(usize, usize)> {
        (1..len)
            .rev()
            .map(|i| (i, self.randbelow_usize(i + 1)))
            .collect()
    }

    /// The population indices `random.sample(population, k)` returns, in selection order,
    /// for a population of length `n`. Like CPython, it keeps an `n`-long pool when that is
    /// smaller than a `k`-element set, and otherwise redraws duplicates against a set; the
    /// two strategies consume different draws, so the choice must match. `counts=` is the
    /// caller's: it samples `range(total)` with this and maps each index through bisect.
    pub fn sample_indices(&mut self, n: usize, k: usize) -> Result<Vec<usize>, String> {
        if k > n {
            return Err("Sample larger than population or is negative".to_string());
        }
        let mut setsize: u128 = 21; // size of a small set minus size of an empty list
        if k > 5 {
            // CPython: 4 ** _ceil(_log(k * 3, 4)), with math.log's float arithmetic.
            let exponent = (((k as u128 * 3) as f64).ln() / 4f64.ln()).ceil() as u32;
            setsize = setsize.saturating_add(4u128.checked_pow(exponent).unwrap_or(u128::MAX));
        }
        let mut result = Vec::with_capacity(k);
        if n as u128 <= setsize {
            let mut pool: Vec<usize> = (0..n).collect();
            for i in 0..k {
                let j = self.randbelow_usize(n - i);
                result.push(pool[j]);
                pool[j] = pool[n - i - 1]; // move the non-selected item into the vacancy
            }
        } else {
            let mut selected = HashSet::with_capacity(k);
            for _ in 0..k {
                let mut j = self.randbelow_usize(n);
                while !selected.insert(j) {
                    j = self.randbelow_usize(n);
                }
                result.push(j);
            }
        }
        Ok(result)
    }

    /// `random.uniform(a, b)`: `a + (b - a) * random()`.
    pub fn uniform(&mut self, a: f64, b: f64) -> f64 {
        a + (b - a) * self.random()
    }

    /// `random.gauss(mu, sigma)`: Box-Muller, producing two values and caching one.
    pub fn gauss(&mut self, mu: f64, sigma: f64) -> f64 {
        let z = match self.gauss_next.take() {
            Some(z) => z,
            None => {
                let x2pi = self.random() * std::f64::consts::TAU;
                let g2rad = (-2.0 * (1.0 - self.random()).ln()).sqrt();
                self.gauss_next = Some(x2pi.sin() * g2rad);
                x2pi.cos() * g2rad
            }
        };
        mu + z * sigma
    }

    /// `random.normalvariate(mu, sigma)`: Kinderman and Monahan's ratio method.
    pub fn normalvariate(&mut self, mu: f64, sigma: f64) -> f64 {
        let nv_magic = 4.0 * (-0.5f64).exp() / 2.0f64.sqrt();
        loop {
            let u1 = self.random();
            let u2 = 1.0 - self.random();
            let z = nv_magic * (u1 - 0.5) / u2;
            if z * z / 4.0 <= -u2.ln() {
                return mu + z * sigma;
            }
        }
    }

    /// `random.expovariate(lambd)`: `-log(1 - random()) / lambd`. The caller raises
    /// `ZeroDivisionError('float division by zero')` for `lambd == 0`, after the draw.
    pub fn expovariate(&mut self, lambd: f64) -> f64 {
        -(1.0 - self.random()).ln() / lambd
    }

    /// The parts of `random.getstate()`: CPython returns `(3, tuple(words) + (index,),
    /// gauss_next)`.
    pub fn getstate(&self) -> (Vec<u32>, usize, Option<f64>) {
        (self.state.to_vec(), self.index, self.gauss_next)
    }

    /// `random.setstate(...)` from the parts `getstate` returns, with CPython's `ValueError`
    /// messages. The caller unpacks the tuples and converts each word to `u32`.
    pub fn setstate(
        &mut self,
        words: &[u32],
        index: i64,
        gauss_next: Option<f64>,
    ) -> Result<(), String> {
        if words.len() != N {
            return Err("state vector is the wrong size".to_string());
        }
        let index = usize::try_from(index)
            .ok()
            .filter(|&i| i <= N)
            .ok_or_else(|| "invalid state".to_string())?;
        self.state.copy_from_slice(words);
        self.index = index;
        self.gauss_next = gauss_next;
        Ok(())
    }
}

/// SHA-512 (FIPS 180-4) of `data`; only `seed_bytes` needs it.
fn sha512(data: &[u8]) -> [u8; 64] {
    let mut h = SHA512_INITIAL;
    let mut message = data.to_vec();
    message.push(0x80);
    while message.len() % 128 != 112 {
        message.push(0);
    }
    message.extend_from_slice(&((data.len() as u128) * 8).to_be_bytes());
    for block in message.chunks_exact(128) {
        let mut w = [0u64; 80];
        for (t, word) in block.chunks_exact(8).enumerate() {
            let mut be = [0u8; 8];
            be.copy_from_slice(word);
            w[t] = u64::from_be_bytes(be);
        }
        for t in 16..80 {
            let s0 = w[t - 15].rotate_right(1) ^ w[t - 15].rotate_right(8) ^ (w[t - 15] >> 7);
            let s1 = w[t - 2].rotate_right(19) ^ w[t - 2].rotate_right(61) ^ (w[t - 2] >> 6);
            w[t] = w[t - 16]
                .wrapping_add(s0)
                .wrapping_add(w[t - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for t in 0..80 {
            let sum1 = e.rotate_right(14) ^ e.rotate_right(18) ^ e.rotate_right(41);
            let choose = (e & f) ^ (!e & g);
            let t1 = hh
                .wrapping_add(sum1)
                .wrapping_add(choose)
                .wrapping_add(SHA512_ROUND[t])
                .wrapping_add(w[t]);
            let sum0 = a.rotate_right(28) ^ a.rotate_right(34) ^ a.rotate_right(39);
            let majority = (a & b) ^ (a & c) ^ (b & c);
            let t2 = sum0.wrapping_add(majority);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (word, add) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *word = word.wrapping_add(add);
        }
    }
    let mut digest = [0u8; 64];
    for (out, word) in digest.chunks_exact_mut(8).zip(h) {
        out.copy_from_slice(&word.to_be_bytes());
    }
    digest
}

/// Fractional parts of the square roots of the first 8 primes.
#[rustfmt::skip]
const SHA512_INITIAL: [u64; 8] = [
    0x6a09_e667_f3bc_c908, 0xbb67_ae85_84ca_a73b, 0x3c6e_f372_fe94_f82b, 0xa54f_f53a_5f1d_36f1,
    0x510e_527f_ade6_82d1, 0x9b05_688c_2b3e_6c1f, 0x1f83_d9ab_fb41_bd6b, 0x5be0_cd19_137e_2179,
];

/// Fractional parts of the cube roots of the first 80 primes.
#[rustfmt::skip]
const SHA512_ROUND: [u64; 80] = [
    0x428a_2f98_d728_ae22, 0x7137_4491_23ef_65cd, 0xb5c0_fbcf_ec4d_3b2f, 0xe9b5_dba5_8189_dbbc,
    0x3956_c25b_f348_b538, 0x59f1_11f1_b605_d019, 0x923f_82a4_af19_4f9b, 0xab1c_5ed5_da6d_8118,
    0xd807_aa98_a303_0242, 0x1283_5b01_4570_6fbe, 0x2431_85be_4ee4_b28c, 0x550c_7dc3_d5ff_b4e2,
    0x72be_5d74_f27b_896f, 0x80de_b1fe_3b16_96b1, 0x9bdc_06a7_25c7_1235, 0xc19b_f174_cf69_2694,
    0xe49b_69c1_9ef1_4ad2, 0xefbe_4786_384f_25e3, 0x0fc1_9dc6_8b8c_d5b5, 0x240c_a1cc_77ac_9c65,
    0x2de9_2c6f_592b_0275, 0x4a74_84aa_6ea6_e483, 0x5cb0_a9dc_bd41_fbd4, 0x76f9_88da_8311_53b5,
    0x983e_5152_ee66_dfab, 0xa831_c66d_2db4_3210, 0xb003_27c8_98fb_213f, 0xbf59_7fc7_beef_0ee4,
    0xc6e0_0bf3_3da8_8fc2, 0xd5a7_9147_930a_a725, 0x06ca_6351_e003_826f, 0x1429_2967_0a0e_6e70,
    0x27b7_0a85_46d2_2ffc, 0x2e1b_2138_5c26_c926, 0x4d2c_6dfc_5ac4_2aed, 0x5338_0d13_9d95_b3df,
    0x650a_7354_8baf_63de, 0x766a_0abb_3c77_b2a8, 0x81c2_c92e_47ed_aee6, 0x9272_2c85_1482_353b,
    0xa2bf_e8a1_4cf1_0364, 0xa81a_664b_bc42_3001, 0xc24b_8b70_d0f8_9791, 0xc76c_51a3_0654_be30,
    0xd192_e819_d6ef_5218, 0xd699_0624_5565_a910, 0xf40e_3585_5771_202a, 0x106a_a070_32bb_d1b8,
    0x19a4_c116_b8d2_d0c8, 0x1e37_6c08_5141_ab53, 0x2748_774c_df8e_eb99, 0x34b0_bcb5_e19b_48a8,
    0x391c_0cb3_c5c9_5a63, 0x4ed8_aa4a_e341_8acb, 0x5b9c_ca4f_7763_e373, 0x682e_6ff3_d6b2_b8a3,
    0x748f_82ee_5def_b2fc, 0x78a5_636f_4317_2f60, 0x84c8_7814_a1f0_ab72, 0x8cc7_0208_1a64_39ec,
    0x90be_fffa_2363_1e28, 0xa450_6ceb_de82_bde9, 0xbef9_a3f7_b2c6_7915, 0xc671_78f2_e372_532b,
    0xca27_3ece_ea26_619c, 0xd186_b8c7_21c0_c207, 0xeada_7dd6_cde0_eb1e, 0xf57d_4f7f_ee6e_d178,
    0x06f0_67aa_7217_6fba, 0x0a63_7dc5_a2c8_98a6, 0x113f_9804_bef9_0dae, 0x1b71_0b35_131c_471b,
    0x28db_77f5_2304_7d84, 0x32ca_ab7b_40c7_2493, 0x3c9e_be0a_15c9_bebc, 0x431d_67c4_9c10_0d4c,
    0x4cc5_d4be_cb3e_42b6, 0x597f_299c_fc65_7e2a, 0x5fcb_6fab_3ad6_faec, 0x6c44_198c_4a47_5817,
];

#[cfg(test)]
mod tests {
    // Expected values are CPython 3.11.7's output, pasted verbatim: Rust's `{:?}` of a `Vec`
    // of ints or of floats in [0, 1) prints exactly what Python prints for the list.
    use super::*;

    fn seeded(seed: i64) -> Mt19937 {
        let mut mt = Mt19937::new_unseeded();
        mt.seed_int(&BigInt::from(seed));
        mt
    }

    fn int(n: i64) -> BigInt {
        BigInt::from(n)
    }

    fn big(s: &str) -> BigInt {
        s.parse().expect("test literal")
    }

    /// `[draw() for _ in range(count)]`, printed as Python prints a list.
    fn list<T: std::fmt::Debug>(count: usize, mut draw: impl FnMut() -> T) -> String {
        format!("{:?}", (0..count).map(|_| draw()).collect::<Vec<T>>())
    }

    #[test]
    fn randint_seed_0() {
        // random.seed(0); [random.randint(0, 1) for i in range(20)]
        let mut mt = seeded(0);
        let got = list(20, || mt.randint(&int(0), &int(1)).unwrap_or_default());
        assert_eq!(
            got,
            "[1, 1, 0, 1, 1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 1]"
        );
    }

    #[test]
    fn random_seed_42() {
        // random.seed(42); [random.random() for _ in range(5)]
        let mut mt = seeded(42);
        let expected = "[0.6394267984578837, 0.025010755222666936, 0.27502931836911926, \
                        0.22321073814882275, 0.7364712141640124]";
        assert_eq!(list(5, || mt.random()), expected);
    }

    #[test]
    fn int_seeds_use_all_bits_and_abs() {
        // random.seed(12345678901234567890); random.getrandbits(100)
        let mut mt = Mt19937::new_unseeded();
        mt.seed_int(&big("12345678901234567890"));
        assert_eq!(
            mt.getrandbits(100).to_string(),
            "707656484213018010632064310826"
        );
        // random.seed(-5), random.seed(5), random.seed(0): random.random()
        assert_eq!(seeded(-5).random(), 0.6229016948897019);
        assert_eq!(seeded(5).random(), 0.6229016948897019);
        assert_eq!(seeded(0).random(), 0.8444218515250481);
        // random.seed(2**200 + 7); random.random()
        mt.seed_int(&((int(1) << 200u32) + 7));
        assert_eq!(mt.random(), 0.3304422997850489);
        // random.seed(2.5); random.random()   (hash(2.5) == 1152921504606846978)
        mt.seed_hash(1_152_921_504_606_846_978);
        assert_eq!(mt.random(), 0.41877545666909954);
    }

    #[test]
    fn str_and_bytes_seeds() {
        // random.seed("hello"); random.random(), random.getrandbits(64)
        let mut mt = Mt19937::new_unseeded();
        mt.seed_bytes("hello".as_bytes());
        assert_eq!(mt.random(), 0.3537754404730722);
        assert_eq!(mt.getrandbits(64).to_string(), "13987231184674316751");
        // random.seed(""); random.random()
        mt.seed_bytes(b"");
        assert_eq!(mt.random(), 0.9602256525641875);
        // random.seed("x" * 200); random.random()
        mt.seed_bytes(&[b'x'; 200]);
        assert_eq!(mt.random(), 0.8500063097913054);
    }

    #[test]
    fn getrandbits_word_boundaries() {
        // random.seed(12); [random.getrandbits(k) for k in (1, 31, 32, 33, 63, 64, 65, 0)]
        let mut mt = seeded(12);
        let mut widths = [1, 31, 32, 33, 63, 64, 65, 0].into_iter();
        let got = list(8, || mt.getrandbits(widths.next().unwrap_or(0)));
        let expected = "[0, 577662261, 2823822892, 6567566668, 1315256091483539675, \
                        200339756183403007, 6913000216541176443, 0]";
        assert_eq!(got, expected);
    }

    #[test]
    fn randrange_of_machine_ints_draws_as_big_ints() {
        let cases: [(i64, i64, i64); 6] = [
            (0, 100, 7),
            (100, 0, -3),
            (0, 10, 1),
            (-5, 5, 1),
            (i64::MIN, i64::MAX, 1),
            (3, 1_000_000_007, 2),
        ];
        for (start, stop, step) in cases {
            let (mut small, mut big) = (seeded(11), seeded(11));
            for _ in 0..20 {
                let a = small.randrange_i64(start, stop, step).map(BigInt::from);
                let b = big
                    .randrange(&int(start), Some(&int(stop)), &int(step))
                    .ok();
                assert_eq!(a, b, "randrange({start}, {stop}, {step})");
            }
        }
        let mut mt = seeded(11);
        assert_eq!(mt.randrange_i64(5, 5, 1), None);
        assert_eq!(mt.randrange_i64(0, 5, 0), None);
        assert_eq!(mt.randrange_i64(0, 5, -1), None);
    }

    #[test]
    fn randrange_with_steps() {
        // random.seed(7); [random.randrange(0, 100, 7) for _ in range(5)],
        // [random.randrange(100, 0, -3) ...], [random.randrange(10) ...],
        // random.randrange(-10**30, 10**30)
        let mut mt = seeded(7);
        let mut draw = |start: i64, stop: Option<i64>, step: i64| {
            let stop = stop.map(int);
            mt.randrange(&int(start), stop.as_ref(), &int(step))
                .unwrap_or_default()
        };
        assert_eq!(list(5, || draw(0, Some(100), 7)), "[35, 14, 42, 70, 0]");
        assert_eq!(list(5, || draw(100, Some(0), -3)), "[88, 82, 31, 91, 4]");
        assert_eq!(list(5, || draw(10, None, 1)), "[3, 0, 1, 6, 6]");
        let bound = big("1000000000000000000000000000000");
        let wide = mt.randrange(&-&bound, Some(&bound), &int(1));
        assert_eq!(wide, Ok(big("354065788246187276478407904143")));
        // random.seed(13); [random.randrange(2**64) for _ in range(3)]
        let mut mt = seeded(13);
        let top = int(1) << 64u32;
        let got = list(3, || mt.randrange(&top, None, &int(1)).unwrap_or_default());
        let expected = "[16417560978493675565, 16034481052662384032, 13540345566916363464]";
        assert_eq!(got, expected);
    }

    #[test]
    fn randrange_errors() {
        // The messages CPython 3.11 raises for the same calls.
        let cases = [
            (0, Some(0), 1, "empty range for randrange() (0, 0, 0)"),
            (0, None, 1, "empty range for randrange()"),
            (0, Some(10), 0, "zero step for randrange()"),
            (10, Some(0), 2, "empty range for randrange()"),
        ];
        let mut mt = seeded(0);
        for (start, stop, step, message) in cases {
            let stop = stop.map(int);
            let got = mt.randrange(&int(start), stop.as_ref(), &int(step));
            assert_eq!(got, Err(message.to_string()));
        }
        let message = "empty range for randrange() (5, 4, -1)";
        assert_eq!(mt.randint(&int(5), &int(3)), Err(message.to_string()));
    }

    #[test]
    fn shuffle_seed_1() {
        // random.seed(1); x = list(range(10)); random.shuffle(x); x
        let mut mt = seeded(1);
        let mut x: Vec<usize> = (0..10).collect();
        for (i, j) in mt.shuffle_indices(x.len()) {
            x.swap(i, j);
        }
        assert_eq!(format!("{x:?}"), "[6, 8, 9, 7, 5, 3, 0, 4, 1, 2]");
        assert!(mt.shuffle_indices(0).is_empty());
    }

    #[test]
    fn choice_and_choices() {
        // random.seed(3); [random.choice('abcdefg') for _ in range(8)]
        let mut mt = seeded(3);
        let letters = b"abcdefg";
        let got: String = (0..8)
            .filter_map(|_| mt.choice_index(letters.len()))
            .map(|i| letters[i] as char)
            .collect();
        assert_eq!(got, "beebcedf");
        assert_eq!(mt.choice_index(0), None);
        // random.seed(14); random.choices(range(50), k=5),
        //                  random.choices('abc', weights=[1, 5, 2], k=6)
        let mut mt = seeded(14);
        assert_eq!(list(5, || mt.choices_index(50)), "[5, 35, 32, 47, 13]");
        let cum_weights = [1.0, 6.0, 8.0];
        let got = list(6, || mt.choices_weighted_index(&cum_weights));
        assert_eq!(got, "[1, 1, 1, 1, 1, 1]"); // ['b', 'b', 'b', 'b', 'b', 'b']
    }

    #[test]
    fn sample_both_strategies() {
        // random.seed(9); random.sample(range(100), 10), random.sample(range(10), 10),
        //                 random.sample(range(1000), 3)
        let mut mt = seeded(9);
        let mut sample = |n, k| format!("{:?}", mt.sample_indices(n, k).unwrap_or_default());
        assert_eq!(sample(100, 10), "[59, 78, 47, 34, 17, 23, 86, 0, 43, 64]");
        assert_eq!(sample(10, 10), "[7, 1, 5, 4, 6, 0, 3, 9, 8, 2]");
        assert_eq!(sample(1000, 3), "[160, 172, 243]");
        let message = "Sample larger than population or is negative";
        assert_eq!(mt.sample_indices(3, 4), Err(message.to_string()));
    }

    #[test]
    fn float_distributions() {
        // random.seed(4); [random.uniform(1.5, 9.25) for _ in range(3)]
        let mut mt = seeded(4);
        let expected = "[3.3293726954651177, 2.2995367652880474, 4.569451380232778]";
        assert_eq!(list(3, || mt.uniform(1.5, 9.25)), expected);
        // random.seed(11); [random.gauss(0, 1) for _ in range(3)],
        //                  random.expovariate(2.0), random.normalvariate(1, 2)
        let mut mt = seeded(11);
        let expected = "[-1.224072675713965, 0.3775881983015979, 0.9949996276709397]";
        assert_eq!(list(3, || mt.gauss(0.0, 1.0)), expected);
        assert_eq!(mt.expovariate(2.0), 0.3544769993960007);
        assert_eq!(mt.normalvariate(1.0, 2.0), 1.3677267490473817);
    }

    #[test]
    fn state_round_trip() {
        // random.seed(1); s = random.getstate()[1]; s[:3], s[-1]
        let mut mt = seeded(1);
        let (words, index, gauss_next) = mt.getstate();
        assert_eq!(&words[..3], [2_147_483_648, 163_610_392, 3_414_454_684]);
        assert_eq!((index, gauss_next), (624, None));
        let first = mt.random();
        assert_eq!(mt.setstate(&words, index as i64, None), Ok(()));
        assert_eq!(mt.random(), first);
        assert!(mt.setstate(&words[1..], 0, None).is_err());
        assert!(mt.setstate(&words, 625, None).is_err());
        assert!(mt.setstate(&words, -1, None).is_err());
    }

    #[test]
    fn fast_and_big_randbelow_agree() {
        let (mut fast, mut slow) = (seeded(99), seeded(99));
        for n in [1u64, 2, 3, 1000, u64::from(u32::MAX) + 7, u64::MAX] {
            let bound = BigUint::from(n);
            let expected = loop {
                let r = slow.getrandbits_wide(bound.bits());
                if r < bound {
                    break r;
                }
            };
            assert_eq!(BigUint::from(fast.randbelow_u64(n)), expected);
        }
    }

    #[test]
    fn seed_from_os_differs() {
        let (mut a, mut b) = (Mt19937::new_unseeded(), Mt19937::new_unseeded());
        a.seed_from_os();
        b.seed_from_os();
        assert_ne!(a.getrandbits(128), b.getrandbits(128));
    }

    #[test]
    fn sha512_matches_hashlib() {
        // hashlib.sha512(m).hexdigest()[:32] for messages around the padding boundaries
        let long: Vec<u8> = (0..=255u8).cycle().take(768).collect();
        let cases: [(Vec<u8>, &str); 7] = [
            (vec![], "cf83e1357eefb8bdf1542850d66d8007"),
            (b"abc".to_vec(), "ddaf35a193617abacc417349ae204131"),
            (vec![b'a'; 111], "fa9121c7b32b9e01733d034cfc78cbf6"),
            (vec![b'a'; 112], "c01d080efd492776a1c43bd23dd99d0a"),
            (vec![b'a'; 128], "b73d1929aa615934e61a871596b3f3b3"),
            (vec![b'a'; 239], "52c853cb8d907f3d4d6b889beb027985"),
            (long, "f1721f49518ee462a3d81def26d81037"),
        ];
        for (message, expected) in cases {
            let digest = sha512(&message);
            let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(hex, expected, "length {}", message.len());
        }
        // The full digest of "abc" (FIPS 180-2, appendix C.1), ending ...a54ca49f.
        assert_eq!(sha512(b"abc")[60..], [0xa5, 0x4c, 0xa4, 0x9f]);
    }
}
