package io.github.multiprocess4j.shm;

import java.math.BigInteger;

/**
 * The decimal Python's {@code repr(float)} writes for a double: the fewest significant digits that read back as
 * that double, and among decimals of that length the one closest to its exact binary value (an exact tie goes to
 * the even last digit).
 *
 * <p>Every comparison is exact, in integers. A decimal reads back as the double when it lies inside the double's
 * rounding interval, which reaches halfway to each neighbouring double. The two halves differ in width at a power
 * of two (the gap to the double below is half the gap above), so the decimal nearest to the value at some length
 * may fall outside while the one on the other side of the value falls inside: both neighbours of the value are
 * tried at each length. A decimal exactly on the interval's edge reads back as the double only if the double's
 * significand is even, as the reader rounds half to even.
 *
 * <p>Thread-safety: immutable; the factory keeps no state but a table of powers of five made once.
 */
final class ShortestDecimal {

    /** Five to the powers the search needs: a double lies between 4.9e-324 and 1.8e308. */
    private static final BigInteger[] POWERS_OF_FIVE = new BigInteger[350];

    static {
        POWERS_OF_FIVE[0] = BigInteger.ONE;
        for (int i = 1; i < POWERS_OF_FIVE.length; i++) {
            POWERS_OF_FIVE[i] = POWERS_OF_FIVE[i - 1].multiply(BigInteger.valueOf(5));
        }
    }

    /** The significant digits, without leading or trailing zeros. */
    final String digits;
    /** The decimal's value is {@code 0.digits} times ten to this power. */
    final int decimalPoint;

    private ShortestDecimal(BigInteger significand, int exponent) {
        String all = significand.toString();
        int end = all.length();
        while (end > 1 && all.charAt(end - 1) == '0') {
            end--;
        }
        this.digits = all.substring(0, end);
        this.decimalPoint = all.length() + exponent;
    }

    /**
     * The shortest decimal that reads back as {@code value}.
     *
     * @param value a finite double greater than zero
     * @return its digits and decimal point
     * @throws IllegalArgumentException if {@code value} is zero, negative, infinite or NaN
     */
    static ShortestDecimal of(double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("the shortest decimal is defined here for finite doubles above zero,"
                    + " not " + value);
        }
        return new Interval(value).shortest();
    }

    /**
     * The decimals that read back as one double, in units of a quarter of its last binary place: the double is
     * {@code 4m} of them, the interval reaches 2 units below it (1 at a power of two) and 2 above.
     */
    private static final class Interval {
        private static final BigInteger NARROW = BigInteger.ONE;
        private static final BigInteger WIDE = BigInteger.TWO;

        private final BigInteger value;
        private final BigInteger reachBelow;
        /** The power of two of one unit. */
        private final int unitExponent;
        private final boolean edgesIncluded;
        /** The power of ten of the value's leading digit, or one off. */
        private final int leadingPlace;

        Interval(double positive) {
            long bits = Double.doubleToRawLongBits(positive);
            int biasedExponent = (int) (bits >>> 52);
            long fraction = bits & ((1L << 52) - 1);
            long significand = biasedExponent == 0 ? fraction : fraction | 1L << 52;
            int exponent = biasedExponent == 0 ? -1074 : biasedExponent - 1075;
            boolean narrowBelow = fraction == 0 && biasedExponent > 1;
            value = BigInteger.valueOf(significand).shiftLeft(2);
            reachBelow = narrowBelow ? NARROW : WIDE;
            unitExponent = exponent - 2;
            edgesIncluded = (significand & 1) == 0;
            leadingPlace = (int) Math.floor(Math.log10(positive));
        }

        /**
         * The candidate with the largest last decimal place. A place with a decimal inside also has one at every
         * smaller place (append a zero), so the largest is found by search: up from the place of the 17th digit in
         * growing steps (most doubles need 16 or 17 digits), then by bisection. Seventeen significant digits always
         * suffice, and no multiple of a power of ten above the value is near it; both bounds leave room for a
         * leading place one off.
         */
        ShortestDecimal shortest() {
            int fine = leadingPlace - 18;
            BigInteger fineBest = null;
            int coarse = leadingPlace + 2;
            int step = 1;
            for (int place = leadingPlace - 16; place < coarse; place += step, step *= 2) {
                BigInteger best = bestAtPlace(place);
                if (best == null) {
                    coarse = place;
                    break;
                }
                fine = place;
                fineBest = best;
            }
            while (coarse - fine > 1) {
                int middle = (coarse + fine) >> 1;
                BigInteger best = bestAtPlace(middle);
                if (best == null) {
                    coarse = middle;
                } else {
                    fine = middle;
                    fineBest = best;
                }
            }
            return new ShortestDecimal(fineBest == null ? bestAtPlace(fine) : fineBest, fine);
        }

        /**
         * The multiple of {@code 10^place} inside the interval closest to the value (as a count of that power),
         * or {@code null}. Only the two multiples around the value can be inside when any is: the interval holds
         * the value and has no gaps.
         */
        private BigInteger bestAtPlace(int place) {
            Scaled scaled = new Scaled(unitExponent, place);
            BigInteger[] quotientAndRemainder = scaled.divideAndRemainder(scaled.numerator(value));
            BigInteger below = quotientAndRemainder[0];
            BigInteger downToBelow = quotientAndRemainder[1];
            BigInteger upToAbove = scaled.denominator.subtract(downToBelow);
            boolean belowInside = reaches(scaled.numerator(reachBelow), downToBelow);
            boolean aboveInside = reaches(scaled.numerator(WIDE), upToAbove);
            if (belowInside && aboveInside) {
                int order = downToBelow.compareTo(upToAbove);
                return order < 0 || order == 0 && !below.testBit(0) ? below : below.add(BigInteger.ONE);
            }
            return belowInside ? below : aboveInside ? below.add(BigInteger.ONE) : null;
        }

        /** Whether the interval's reach on one side takes in a candidate that far away (its edge only if even). */
        private boolean reaches(BigInteger reach, BigInteger distance) {
            int order = distance.compareTo(reach);
            return order < 0 || order == 0 && edgesIncluded;
        }
    }

    /**
     * Units of {@code 2^unitExponent} expressed in units of {@code 10^place}, as a fraction: {@code n} units are
     * {@code numerator(n) / denominator} of the decimal unit. The factors of two cancel, so that a denominator
     * without factors of five (every place below the units) divides by a shift.
     */
    private static final class Scaled {
        /** The power of two that multiplies the numerator if positive, or makes the denominator if negative. */
        private final int twos;
        /** The same for five. */
        private final int fives;
        final BigInteger denominator;

        Scaled(int unitExponent, int place) {
            this.twos = unitExponent - place;
            this.fives = -place;
            BigInteger denominator = twos < 0 ? BigInteger.ONE.shiftLeft(-twos) : BigInteger.ONE;
            this.denominator = fives < 0 ? denominator.multiply(POWERS_OF_FIVE[-fives]) : denominator;
        }

        BigInteger numerator(BigInteger units) {
            BigInteger numerator = twos > 0 ? units.shiftLeft(twos) : units;
            return fives > 0 ? numerator.multiply(POWERS_OF_FIVE[fives]) : numerator;
        }

        /** The whole decimal units in {@code numerator} and what remains, in the numerator's units. */
        BigInteger[] divideAndRemainder(BigInteger numerator) {
            if (fives < 0) {
                return numerator.divideAndRemainder(denominator);
            }
            int shift = Math.max(-twos, 0);
            BigInteger quotient = numerator.shiftRight(shift);
            return new BigInteger[] {quotient, numerator.subtract(quotient.shiftLeft(shift))};
        }
    }
}
