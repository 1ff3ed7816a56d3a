//! Altloom's patch: `a * b + c` without a fused multiply-add.
//!
//! Upstream dssim-core uses `f32::mul_add`, which compiles to one instruction on CPUs built for
//! with FMA, but on the baseline x86-64 target (which a portable binary must use) becomes a call
//! into a software fused multiply-add: the RGB to L*a*b* conversion then spent most of its time
//! in `fmaf`. A separate multiply and add differs only in the last bit of rounding, far below
//! anything the metric can resolve, and is fast everywhere.

pub(crate) trait MulAddFast {
    fn mul_add_fast(self, factor: Self, addend: Self) -> Self;
}

impl MulAddFast for f32 {
    #[inline(always)]
    fn mul_add_fast(self, factor: f32, addend: f32) -> f32 {
        self * factor + addend
    }
}

impl MulAddFast for f64 {
    #[inline(always)]
    fn mul_add_fast(self, factor: f64, addend: f64) -> f64 {
        self * factor + addend
    }
}
