#include "harformat.h"

#include <cstdlib>

namespace sockscope::session::har {

namespace {

constexpr qint64 UsPerDay = 86'400'000'000;

// Days from 1970-01-01 to the given date of the proleptic Gregorian calendar (years counted from March, so the
// leap day ends a year; eras of 400 years repeat exactly).
qint64 daysFromCivil(int year, int month, int day)
{
    const int y = year - (month <= 2 ? 1 : 0);
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yearOfEra = y - era * 400;
    const int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return qint64(era) * 146097 + dayOfEra - 719468;
}

struct CivilDate {
    int year;
    int month;
    int day;
};

CivilDate civilFromDays(qint64 days)
{
    days += 719468;
    const qint64 era = (days >= 0 ? days : days - 146096) / 146097;
    const int dayOfEra = int(days - era * 146097);
    const int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const int shiftedMonth = (5 * dayOfYear + 2) / 153;
    const int day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1;
    const int month = shiftedMonth + (shiftedMonth < 10 ? 3 : -9);
    return {int(yearOfEra + era * 400) + (month <= 2 ? 1 : 0), month, day};
}

int daysInMonth(int year, int month)
{
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

qint64 floorDiv(qint64 a, qint64 b)
{
    const qint64 q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

void appendDigits(QByteArray &out, qint64 value, int width)
{
    char buffer[24];
    int n = 0;
    do {
        buffer[n++] = char('0' + value % 10);
        value /= 10;
    } while (value > 0 || n < width);
    while (n > 0)
        out.append(buffer[--n]);
}

// Reads exactly `count` digits at *pos.
bool readDigits(QByteArrayView text, qsizetype *pos, int count, int *value)
{
    if (*pos + count > text.size())
        return false;
    int v = 0;
    for (int i = 0; i < count; ++i) {
        const char c = text[*pos + i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    *pos += count;
    *value = v;
    return true;
}

bool readChar(QByteArrayView text, qsizetype *pos, char c)
{
    if (*pos < text.size() && text[*pos] == c) {
        ++*pos;
        return true;
    }
    return false;
}

} // namespace

qint64 minDateTimeUs()
{
    return daysFromCivil(0, 1, 1) * UsPerDay;
}

qint64 maxDateTimeUs()
{
    return daysFromCivil(10000, 1, 1) * UsPerDay - 1;
}

QByteArray formatDateTime(qint64 us)
{
    us = qBound(minDateTimeUs(), us, maxDateTimeUs());
    const qint64 ms = floorDiv(us, 1000);
    const qint64 days = floorDiv(ms, 86'400'000);
    qint64 msOfDay = ms - days * 86'400'000;
    const CivilDate date = civilFromDays(days);
    QByteArray out;
    out.reserve(24);
    appendDigits(out, date.year, 4);
    out.append('-');
    appendDigits(out, date.month, 2);
    out.append('-');
    appendDigits(out, date.day, 2);
    out.append('T');
    appendDigits(out, msOfDay / 3'600'000, 2);
    msOfDay %= 3'600'000;
    out.append(':');
    appendDigits(out, msOfDay / 60'000, 2);
    msOfDay %= 60'000;
    out.append(':');
    appendDigits(out, msOfDay / 1000, 2);
    out.append('.');
    appendDigits(out, msOfDay % 1000, 3);
    out.append('Z');
    return out;
}

std::optional<qint64> parseDateTime(QByteArrayView text)
{
    qsizetype pos = 0;
    int year, month, day, hour, minute, second = 0;
    if (!readDigits(text, &pos, 4, &year) || !readChar(text, &pos, '-') || !readDigits(text, &pos, 2, &month) ||
        !readChar(text, &pos, '-') || !readDigits(text, &pos, 2, &day))
        return std::nullopt;
    if (!readChar(text, &pos, 'T') && !readChar(text, &pos, 't') && !readChar(text, &pos, ' '))
        return std::nullopt;
    if (!readDigits(text, &pos, 2, &hour) || !readChar(text, &pos, ':') || !readDigits(text, &pos, 2, &minute))
        return std::nullopt;
    qint64 fractionUs = 0;
    if (readChar(text, &pos, ':')) {
        if (!readDigits(text, &pos, 2, &second))
            return std::nullopt;
        if (readChar(text, &pos, '.') || readChar(text, &pos, ',')) {
            const qsizetype start = pos;
            while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9')
                ++pos;
            if (pos == start)
                return std::nullopt;
            // Six digits are microseconds; the seventh rounds.
            for (qsizetype i = 0; i < 6; ++i)
                fractionUs = fractionUs * 10 + (start + i < pos ? text[start + i] - '0' : 0);
            if (start + 6 < pos && text[start + 6] >= '5')
                ++fractionUs;
        }
    }
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        return std::nullopt;
    qint64 offsetMinutes = 0;
    if (readChar(text, &pos, 'Z') || readChar(text, &pos, 'z')) {
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
        const bool negative = text[pos] == '-';
        ++pos;
        int offsetHours, offsetMins = 0;
        if (!readDigits(text, &pos, 2, &offsetHours))
            return std::nullopt;
        if (readChar(text, &pos, ':')) {
            if (!readDigits(text, &pos, 2, &offsetMins))
                return std::nullopt;
        } else if (pos < text.size() && !readDigits(text, &pos, 2, &offsetMins)) {
            return std::nullopt;
        }
        if (offsetHours > 23 || offsetMins > 59)
            return std::nullopt;
        offsetMinutes = (negative ? -1 : 1) * (offsetHours * 60 + offsetMins);
    }
    if (pos != text.size())
        return std::nullopt;
    const qint64 seconds = daysFromCivil(year, month, day) * 86'400 + hour * 3600 + minute * 60 + second;
    const qint64 us = (seconds - offsetMinutes * 60) * 1'000'000 + fractionUs;
    if (us < minDateTimeUs() || us > maxDateTimeUs())
        return std::nullopt;
    return us;
}

QByteArray formatSeconds(qint64 us)
{
    // The magnitude as unsigned, so that the most negative value has one too.
    const quint64 magnitude = us < 0 ? 0 - quint64(us) : quint64(us);
    QByteArray out;
    if (us < 0)
        out.append('-');
    out.append(QByteArray::number(magnitude / 1'000'000));
    out.append('.');
    const QByteArray fraction = QByteArray::number(magnitude % 1'000'000);
    out.append(6 - fraction.size(), '0');
    out.append(fraction);
    return out;
}

} // namespace sockscope::session::har
