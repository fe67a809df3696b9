<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>main</name>
    <message>
        <source>A workbench for WebSocket developers.</source>
        <translation>面向 WebSocket 开发者的调试工作台。</translation>
    </message>
    <message>
        <source>Use the language LANG (e.g. zh_CN, en).</source>
        <translation>使用语言 LANG（例如 zh_CN、en）。</translation>
    </message>
</context>
<context>
    <name>sockscope::ui::MainWindow</name>
    <message>
        <source>Sockscope</source>
        <translation>Sockscope</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Sockscope</source>
        <translation>关于 Sockscope(&amp;A)</translation>
    </message>
    <message>
        <source>About Sockscope</source>
        <translation>关于 Sockscope</translation>
    </message>
    <message>
        <source>&lt;b&gt;Sockscope %1&lt;/b&gt;&lt;p&gt;A workbench for WebSocket developers.&lt;/p&gt;</source>
        <translation>&lt;b&gt;Sockscope %1&lt;/b&gt;&lt;p&gt;面向 WebSocket 开发者的调试工作台。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Sockscope&lt;/h2&gt;&lt;p&gt;A workbench for WebSocket developers.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Sockscope&lt;/h2&gt;&lt;p&gt;面向 WebSocket 开发者的调试工作台。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
</context>
</TS>
