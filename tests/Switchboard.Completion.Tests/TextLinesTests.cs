using Switchboard.Completion.Context;
using Xunit;

namespace Switchboard.Completion.Tests;

public sealed class TextLinesTests
{
    [Theory]
    [InlineData("ab\ncd", 0, 0, 0)]
    [InlineData("ab\ncd", 1, 1, 4)]
    [InlineData("ab\r\ncd", 1, 0, 4)]
    [InlineData("ab\ncd", 0, 99, 2)]
    [InlineData("ab\r\ncd", 0, 99, 2)]
    [InlineData("ab\n", 1, 0, 3)]
    public void Positions_map_to_offsets_with_columns_past_the_end_meaning_the_line_end(string text, int line, int column, int expected) =>
        Assert.Equal(expected, TextLines.ToOffset(text, line, column));

    [Fact]
    public void A_line_past_the_document_is_a_clear_error()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => TextLines.ToOffset("one\ntwo", 5, 0));
        Assert.Contains("2 line(s)", ex.Message);
    }

    [Fact]
    public void Offsets_map_back_to_positions() => Assert.Equal((1, 2), TextLines.ToPosition("ab\ncdef", 5));
}
