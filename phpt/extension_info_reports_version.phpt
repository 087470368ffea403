--TEST--
php --ri snoke_ws shows the extension version
--FILE--
<?php
declare(strict_types=1);

$extension = new ReflectionExtension('snoke_ws');
ob_start();
$extension->info();
$info = ob_get_clean();
var_dump(str_contains($info, 'snoke_ws support => enabled'));
var_dump(str_contains($info, 'version => ' . $extension->getVersion()));
var_dump(preg_match('/^\d+\.\d+\.\d+/', $extension->getVersion()) === 1);
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
